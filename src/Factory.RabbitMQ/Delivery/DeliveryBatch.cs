using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.RabbitMQ;

/// <summary>
/// Collects a batch station's deliveries in one worker: a batch goes once it has the station's
/// <c>BatchSize</c>, or <c>BatchWaitMs</c> after its first delivery, whichever comes first. A batch is
/// what this worker has at hand: deliveries other workers took are in their batches.
/// </summary>
internal sealed class DeliveryBatch(int size, int waitMs, Func<List<HeldDelivery>, Task> process, CancellationToken stopping)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private List<HeldDelivery> held = [];
    private long generation;

    /// <summary>Adds a delivery; runs the batch when it is full.</summary>
    public async Task AddAsync(HeldDelivery delivery)
    {
        List<HeldDelivery>? full = null;
        await gate.WaitAsync(stopping).ConfigureAwait(false);
        try
        {
            held.Add(delivery);
            if (held.Count >= size)
            {
                full = Take();
            }
            else if (held.Count == 1)
            {
                _ = FlushLaterAsync(generation);
            }
        }
        finally
        {
            gate.Release();
        }

        if (full is not null)
        {
            await process(full).ConfigureAwait(false);
        }
    }

    private async Task FlushLaterAsync(long batch)
    {
        try
        {
            await Task.Delay(Math.Max(waitMs, 1), stopping).ConfigureAwait(false);
            List<HeldDelivery>? due = null;
            await gate.WaitAsync(stopping).ConfigureAwait(false);
            try
            {
                // A batch that filled up before its wait was over has gone already.
                if (generation == batch && held.Count > 0)
                {
                    due = Take();
                }
            }
            finally
            {
                gate.Release();
            }

            if (due is not null)
            {
                await process(due).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The worker stops: what it held goes back to the queue unacknowledged.
        }
    }

    private List<HeldDelivery> Take()
    {
        List<HeldDelivery> batch = held;
        held = [];
        generation++;
        return batch;
    }
}
