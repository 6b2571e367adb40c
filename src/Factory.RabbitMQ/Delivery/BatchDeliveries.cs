using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Runtime;
using Microsoft.Extensions.Logging;

namespace Factory.RabbitMQ;

/// <summary>
/// A batch station's deliveries, for its <see cref="StationConsumer"/>: the batches <see cref="DeliveryBatch"/>
/// collects, and the suspects, each a batch of its own. Each delivery is acknowledged only once its
/// outputs are sent on and confirmed and its attempts are recorded and flushed, as a single delivery is.
/// </summary>
internal sealed class BatchDeliveries(StationPlan station, WorkerRuns runs, RepeatCheck repeats, ILedger? ledger, ILogger logger, string queue, CancellationToken stopping)
{
    private OutcomeSender? sender;
    private long done;
    private long redelivered;
    private long recognised;

    /// <summary>Materials done (their deliveries acknowledged) so far.</summary>
    public long Done => Interlocked.Read(ref done);

    /// <summary>Deliveries the broker gave again.</summary>
    public long Redelivered => Interlocked.Read(ref redelivered);

    /// <summary>Repeats recognised in the ledger as done, acknowledged without running again.</summary>
    public long Recognised => Interlocked.Read(ref recognised);

    /// <summary>The consumer's sender, once it started (null again when it stopped).</summary>
    public void SendWith(OutcomeSender? outcomes) => Volatile.Write(ref sender, outcomes);

    /// <summary>
    /// A batch station's batch, in the order of a single delivery: the repeats the ledger knows are
    /// acknowledged; the rest, per run, go through the station at once, then each one's outputs are sent
    /// on and confirmed, the attempts recorded and flushed, and the deliveries acknowledged.
    /// </summary>
    public async Task DeliveredAsync(List<HeldDelivery> held)
    {
        // What is not acknowledged yet, should the batch fail part way.
        var pending = new HashSet<HeldDelivery>(held);
        try
        {
            var byRun = new Dictionary<RemoteScope, List<(HeldDelivery Delivery, BatchMember Member)>>();
            foreach (HeldDelivery delivery in held)
            {
                MarkedStart start = runs.Controls.StartOf(delivery.Headers);
                RemoteScope scope;
                try
                {
                    scope = runs.For(start, delivery.Headers);
                }
                catch (Factory.Ledger.LedgerException refused) when (refused.RunRefused)
                {
                    // The ledger refused this delivery's run (it ended, or never was): nobody waits for it. The batch's others go on.
                    logger.LogWarning("A material is dropped: {Reason}", refused.Message);
                    await AckAsync(delivery, pending).ConfigureAwait(false);
                    continue;
                }

                MaterialInfo material = MessageHeaders.Material(delivery.Headers);
                if (delivery.Redelivered)
                {
                    Interlocked.Increment(ref redelivered);
                }

                if (await runs.Controls.EndedAsync(start, stopping).ConfigureAwait(false))
                {
                    await AckAsync(delivery, pending).ConfigureAwait(false);
                    continue;
                }

                bool repeat = delivery.Redelivered || delivery.Headers?.ContainsKey(MessageHeaders.Repeat) == true;
                if (repeat && await repeats.DoneBeforeAsync(scope, material).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref recognised);
                    await AckAsync(delivery, pending).ConfigureAwait(false);
                    continue;
                }

                if (!byRun.TryGetValue(scope, out var ofRun))
                {
                    byRun[scope] = ofRun = [];
                }

                ofRun.Add((delivery, new BatchMember(new RemoteInput(delivery.Body, material), repeat, delivery.Headers)));
            }

            foreach ((RemoteScope scope, var ofRun) in byRun)
            {
                await BatchAsync(scope, ofRun.ConvertAll(d => d.Member)).ConfigureAwait(false);
                foreach (var done in ofRun)
                {
                    await AckAsync(done.Delivery, pending).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The worker stops: the batch goes back to the queue unacknowledged, for another worker.
        }
        catch (Exception lost) when (Channels.IsConnectionLoss(lost))
        {
            logger.LogWarning("Batch station {Station} lost its connection with {Count} deliveries unacknowledged; the broker gives them again", station.Station.Path, pending.Count);
        }
        catch (Exception exception)
        {
            // As for a single delivery: not the station's failure (that is a dead letter); back to the queue, whose delivery limit ends a message that keeps failing.
            logger.LogError(exception, "Batch station {Station} could not process a batch of {Count} from {Queue}; it goes back to the queue", station.Station.Path, held.Count, queue);
            foreach (HeldDelivery delivery in pending)
            {
                if (delivery.Channel.IsOpen)
                {
                    await delivery.Channel.BasicNackAsync(delivery.Tag, multiple: false, requeue: true, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>A batch station's suspect, as a batch of its own: unless the ledger knows it is done, run, sent on, recorded.</summary>
    public async Task SuspectAsync(PackedMaterial suspect)
    {
        MarkedStart start = runs.Controls.StartOf(suspect.Headers);
        RemoteScope scope = runs.For(start, suspect.Headers);
        MaterialInfo material = MessageHeaders.Material(suspect.Headers);
        if (await runs.Controls.EndedAsync(start, stopping).ConfigureAwait(false))
        {
            return;
        }

        if (await repeats.DoneBeforeAsync(scope, material).ConfigureAwait(false))
        {
            Interlocked.Increment(ref recognised);
            return;
        }

        await BatchAsync(scope, [new BatchMember(new RemoteInput(suspect.Body, material), Repeat: true, suspect.Headers)]).ConfigureAwait(false);
    }

    /// <summary>One run's materials through the batch station at once: each outcome sent on (confirmed), then all recorded and flushed.</summary>
    private async Task BatchAsync(RemoteScope scope, List<BatchMember> members)
    {
        IReadOnlyList<StationOutcome> outcomes = await station.ProcessBatchAsync(members.ConvertAll(m => m.Input), scope, stopping).ConfigureAwait(false);
        for (int i = 0; i < outcomes.Count; i++)
        {
            await (sender ?? throw new InvalidOperationException("The station's consumer has not started.")).SendAsync(scope, outcomes[i], members[i].Input.Material, members[i].Repeat, members[i].Headers, carryTrace: true).ConfigureAwait(false);
        }

        foreach (StationOutcome outcome in outcomes)
        {
            scope.Record(outcome);
        }

        if (ledger is not null)
        {
            await ledger.FlushAsync(CancellationToken.None).ConfigureAwait(false); // its outputs went on: recorded even as the worker stops
        }
    }

    private async Task AckAsync(HeldDelivery delivery, HashSet<HeldDelivery> pending)
    {
        await delivery.Channel.BasicAckAsync(delivery.Tag, multiple: false, CancellationToken.None).ConfigureAwait(false);
        pending.Remove(delivery);
        Interlocked.Increment(ref done);
    }
}
