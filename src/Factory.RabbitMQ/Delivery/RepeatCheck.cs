using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Runtime;

namespace Factory.RabbitMQ;

/// <summary>
/// Whether a repeated material (redelivered, or sent again by a splitter that ran again) is already done at
/// this station: the ledger has the station's success on it, recorded only once its outputs were confirmed.
/// A repeat that arrives while this worker is still working on the first waits for it, so the ledger then knows.
/// </summary>
internal sealed class RepeatCheck(string station, ILedger? ledger, CancellationToken stopping)
{
    // The materials this worker is working on now, by run and id.
    private readonly ConcurrentDictionary<(string Run, long Material), Task> workingOn = new();

    /// <summary>Notes that this worker works on <paramref name="key"/>; <see cref="Finished"/> with what it returns.</summary>
    public TaskCompletionSource Working((string Run, long Material) key)
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        workingOn[key] = first.Task;
        return first;
    }

    /// <summary>The work on <paramref name="key"/> is over: a repeat waiting for it goes on.</summary>
    public void Finished((string Run, long Material) key, TaskCompletionSource first)
    {
        workingOn.TryRemove(new KeyValuePair<(string, long), Task>(key, first.Task));
        first.TrySetResult();
    }

    /// <summary>A repeat waits for the first of its material this worker is still working on, if any, then asks the ledger.</summary>
    public async Task<bool> DoneAsync(RemoteScope scope, MaterialInfo material, (string Run, long Material) key)
    {
        if (workingOn.TryGetValue(key, out Task? first))
        {
            await first.WaitAsync(stopping).ConfigureAwait(false);
        }

        return await DoneBeforeAsync(scope, material).ConfigureAwait(false);
    }

    /// <summary>
    /// True when the ledger has this station's success on the material in the run's current start. A success of an
    /// earlier start does not count: material ids are the same in every start, and what that start sent on from it went
    /// to its own caller (a run started again takes only its own start's fates from the exit), so it is done again.
    /// </summary>
    public async Task<bool> DoneBeforeAsync(RemoteScope scope, MaterialInfo material)
    {
        if (ledger is null)
        {
            return false;
        }

        IReadOnlyList<ExecutionRecord> attempts = await ledger.GetProvenanceAsync(scope.Info.RunId, material.Id, stopping).ConfigureAwait(false);
        int? current = null;
        foreach (ExecutionRecord attempt in attempts)
        {
            if (attempt.Station == station && attempt.Outcome == ExecutionOutcome.Succeeded)
            {
                current ??= (await ledger.GetRunAsync(scope.Info.RunId, stopping).ConfigureAwait(false))?.Starts ?? 0;
                if (attempt.Start == current)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
