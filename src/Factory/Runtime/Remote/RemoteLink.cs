using System;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// The caller's end of a run on a <see cref="LineTransport"/>: materials admitted at the entry go to the
/// transport; outputs and dead letters come back through <see cref="RemoteRun{TOut}"/> to the exit and
/// the run's dead letters. The exit closes once every input sent has its outcome. Everything else of
/// the run (admission, observers such as the ledger, the report) is the in-process run's own.
/// </summary>
internal sealed class RemoteLink<TIn, TOut> : IStage
{
    private readonly RunState run;
    private readonly Belt<TIn> entry;
    private readonly Belt<TOut> exit;
    private readonly RemoteRun<TOut> remote;
    private readonly LineTransport transport;

    private RemoteLink(RunState run, Belt<TIn> entry, Belt<TOut> exit, RemoteRun<TOut> remote, LineTransport transport)
    {
        this.run = run;
        this.entry = entry;
        this.exit = exit;
        this.remote = remote;
        this.transport = transport;
    }

    /// <summary>
    /// Closes a line wired into <paramref name="plan"/>: for a plan alone, hands the plan over (nothing
    /// runs, and no run is returned to anyone); else starts the run with its stations on the transport.
    /// </summary>
    public static LineRun<TIn, TOut> Open(LineWiring wiring, LinePlan plan, EntryProducer<TIn> start)
    {
        if (wiring.Transport is PlanCapture capture)
        {
            capture.Plan = plan;
            return null!;
        }

        RunState run = wiring.Run;
        foreach (GatePlan gate in plan.Gates)
        {
            if (!gate.Routed)
            {
                throw wiring.NotDistributed($"gate '{gate.Station.Path}' without routes for its decision");
            }
        }

        if (plan.Gates.Count > 0 && run.GivenGates is not { IsDurable: true })
        {
            // The workers park in their ledger: the caller takes the decisions from the same one.
            throw new InvalidOperationException(
                $"Line '{run.Line.Name}' runs gate '{plan.Gates[0].Station.Path}' on a transport: its workers park materials in their ledger, so the run must take decisions from that ledger's gate store. "
                + "Observe the run with the workers' ledger (RunOptions.Observers = [ledger.Observe()]) or give RunOptions.Gates = ledger.Gates.");
        }

        LineTransport transport = wiring.Transport!;
        Belt<TIn> entry = wiring.BeltFrom(start, run.Line.Stations[0].Options.Capacity);
        Belt<TOut> exit = wiring.Exit(RemoteProducer<TOut>.Instance);
        var link = new RemoteLink<TIn, TOut>(run, entry, exit, new RemoteRun<TOut>(run, exit, plan, transport.MaxOpenInputs), transport);
        wiring.AddHelper(link);
        run.Starting([]);
        return new LineRun<TIn, TOut>(run, entry, exit, [], wiring.StartAll());
    }

    public Task Start() => Task.Run(SendAsync);

    /// <summary>Sends what enters until the entry closes, then waits for every outcome and closes the exit.</summary>
    private async Task SendAsync()
    {
        CancellationToken token = run.Token;
        IRemoteEntry<TIn>? remoteEntry = null;
        try
        {
            // A resumed run holds again what its earlier starts parked: before any input can end it, and before the
            // transport hears from its exit (a notice parked again by a redelivery is then a repeat of a held one).
            await remote.RestoreAsync(token).ConfigureAwait(false);
            remoteEntry = transport.Open<TIn, TOut>(remote);
            var inbox = new Material<TIn>[Outbox<TIn>.MaxBatch];
            var waiter = new ReusableWaiter();
            while (true)
            {
                token.ThrowIfCancellationRequested();
                int taken = entry.TryRead(inbox);
                if (taken == 0)
                {
                    if (!await entry.WaitToReadAsync(waiter).ConfigureAwait(false))
                    {
                        break;
                    }

                    continue;
                }

                for (int i = 0; i < taken; i++)
                {
                    await remote.RoomAsync(token).ConfigureAwait(false);
                    remote.Sent(inbox[i].Root);
                    await remoteEntry.SendAsync(inbox[i], token).ConfigureAwait(false);
                    inbox[i] = default;
                }
            }

            remote.InputEnded();
            await remote.AllSettled.WaitAsync(token).ConfigureAwait(false);
            exit.TryComplete();
        }
        catch (Exception exception)
        {
            run.Stopped(exception, $"The transport of line '{run.Line.Name}'");
            exit.TryComplete(run.CompletionError);
        }
        finally
        {
            if (remoteEntry is not null)
            {
                await remoteEntry.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
