using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace Factory.Tests.Stations;

/// <summary>Throws a <see cref="TimeoutException"/> of its own (no timeout is set): a failure, not a timed-out attempt.</summary>
[Station]
public sealed partial class OwnTimeout
{
    public int Process(int input) => throw new TimeoutException("the service behind the station timed out");
}

/// <summary>As <see cref="OwnTimeout"/>, a batch at a time.</summary>
[Station(BatchSize = 2)]
public sealed partial class OwnTimeoutBatch
{
    public IReadOnlyList<int> Process(IReadOnlyList<int> inputs) => throw new TimeoutException("the service behind the station timed out");
}

/// <summary>
/// Its first attempt ignores its token and outlives its timeout; the second attempt ends the first
/// (on its own thread, inputs × 100: outputs nobody may take) before it gives the inputs.
/// </summary>
[Station(BatchSize = 2, TimeoutMs = 200, MaxAttempts = 2, BackoffMs = 1)]
public sealed partial class LateBatch
{
    private readonly TaskCompletionSource<IReadOnlyList<int>> late = new();

    public Task<IReadOnlyList<int>> ProcessAsync(IReadOnlyList<int> inputs, StationContext context)
    {
        if (context.Attempt == 1)
        {
            return late.Task;
        }

        late.SetResult(inputs.Select(i => i * 100).ToList());
        return Task.FromResult(inputs);
    }
}
