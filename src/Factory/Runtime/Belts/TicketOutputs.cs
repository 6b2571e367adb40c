using System;
using System.Buffers;

namespace Factory.Runtime;

/// <summary>
/// The outputs of one reorder ticket, gathered by a worker until it files them. A ticket with one
/// output files it by value; more go in an array rented from the shared pool, which the reorder
/// buffer's emitter returns once they are on the next belt.
/// </summary>
internal sealed class TicketOutputs<T>
{
    private Material<T> first;
    private Material<T>[]? many;
    private int count;

    public void Add(in Material<T> material)
    {
        if (count == 0)
        {
            first = material;
        }
        else
        {
            if (many is null)
            {
                many = ArrayPool<Material<T>>.Shared.Rent(Outbox<T>.MaxBatch);
                many[0] = first;
            }
            else if (count == many.Length)
            {
                Material<T>[] larger = ArrayPool<Material<T>>.Shared.Rent(count * 2);
                many.AsSpan(0, count).CopyTo(larger);
                ArrayPool<Material<T>>.Shared.Return(many, clearArray: true);
                many = larger;
            }

            many[count] = material;
        }

        count++;
    }

    /// <summary>Files what was gathered under <paramref name="ticket"/>, which took <paramref name="units"/> materials.</summary>
    public void File(ReorderBuffer<T> reorder, long ticket, int units)
    {
        if (count == 0)
        {
            reorder.FillNone(ticket, units);
        }
        else if (count == 1)
        {
            reorder.FillOne(ticket, units, first);
        }
        else
        {
            reorder.FillRented(ticket, units, many!, count);
            many = null;
        }

        first = default;
        count = 0;
    }
}
