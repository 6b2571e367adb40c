using System;

namespace Factory.Runtime;

/// <summary>
/// A batch formed by a <see cref="BatchStage{TIn, TOut, TWork}"/>'s collector: its materials (in an
/// array rented from the shared pool, returned once a worker is done with them), their values as the
/// station takes them, and its ticket in the reorder buffer when the station keeps order.
/// </summary>
internal readonly record struct BatchJob<TIn>(Material<TIn>[] Materials, int Count, TIn[] Inputs, long Ticket)
{
    /// <summary>A batch of the first <paramref name="count"/> materials of <paramref name="materials"/>.</summary>
    public static BatchJob<TIn> Of(Material<TIn>[] materials, int count, long ticket)
    {
        var inputs = new TIn[count];
        for (int i = 0; i < count; i++)
        {
            inputs[i] = materials[i].Value;
        }

        return new BatchJob<TIn>(materials, count, inputs, ticket);
    }

    /// <summary>The batch's materials.</summary>
    public ReadOnlySpan<Material<TIn>> Span => Materials.AsSpan(0, Count);
}
