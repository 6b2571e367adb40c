using System;
using System.Data.Common;
using System.Threading;

namespace Factory.Ledger.Relational;

/// <summary>
/// The holder's side of <see cref="RunControls"/>: a timer, on a thread of its own, that reads the run's
/// last request and applies it to the live run (<see cref="RunInfo.Control"/>) once. Requests made
/// before this start are not applied: a start begins as its caller started it.
/// </summary>
internal sealed class RunControlPoll : IDisposable
{
    /// <summary>How often the holder looks for a request.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    private readonly RelationalLedger ledger;
    private readonly RunInfo run;
    private readonly IRunControl control;
    private readonly ITimer timer;
    private int applied;
    private int polling;

    private RunControlPoll(RelationalLedger ledger, RunInfo run, IRunControl control, int applied)
    {
        this.ledger = ledger;
        this.run = run;
        this.control = control;
        this.applied = applied;
        timer = ledger.Settings.Clock.CreateTimer(static state => ((RunControlPoll)state!).Poll(), this, Every, Every);
    }

    /// <summary>Starts looking for requests about <paramref name="run"/>, when it can be controlled from here; null otherwise.</summary>
    public static RunControlPoll? Start(RelationalLedger ledger, RunInfo run)
    {
        if (run.Control is not { } control)
        {
            return null;
        }

        using DbConnection connection = ledger.Store.OpenConnection();
        return new RunControlPoll(ledger, run, control, RunControls.Read(connection, run.RunId).Number);
    }

    public void Dispose() => timer.Dispose();

    private void Poll()
    {
        if (Interlocked.Exchange(ref polling, 1) != 0)
        {
            return;
        }

        try
        {
            using DbConnection connection = ledger.Store.OpenConnection();
            (int number, RunControlRequest? request) = RunControls.Read(connection, run.RunId);
            if (number <= applied || request is not { } asked)
            {
                return;
            }

            switch (asked)
            {
                case RunControlRequest.Pause:
                    control.Pause();
                    break;
                case RunControlRequest.Resume:
                    control.Resume();
                    break;
                default:
                    control.Cancel();
                    break;
            }

            applied = number;
            RunControls.Applied(ledger, connection, run, number, asked);
        }
        catch (Exception exception) when (exception is DbException || ledger.Store.IsTransient(exception))
        {
            // Busy or away now: the next tick looks again (a request applied twice does the same).
        }
        catch (ObjectDisposedException)
        {
            // A tick that began as the ledger closed.
        }
        finally
        {
            Volatile.Write(ref polling, 0);
        }
    }
}
