using System;

namespace Factory.Tests.Stations;

/// <summary>
/// With retries, so not fused; the two after it are fused into its worker. A multiple of 5 fails its
/// first two attempts, 7 fails all three.
/// </summary>
[Station(MaxAttempts = 3, BackoffMs = 1)]
public sealed partial class RetriedFirst
{
    public int Process(int input, StationContext context) =>
        input == 7 || (input % 5 == 0 && context.Attempt < 3)
            ? throw new InvalidOperationException($"attempt {context.Attempt} at {input} failed")
            : input;
}

/// <summary>Plain (fused): a multiple of 11 fails, and a fused station has one attempt.</summary>
[Station]
public sealed partial class FusedFailing
{
    public int Process(int input) => input % 11 == 0 ? throw new InvalidOperationException($"{input} is a multiple of 11") : input;
}

/// <summary>Plain (fused): fails unless its context names the material it is given (its sequence is its input) and attempt 1.</summary>
[Station]
public sealed partial class FusedContextReader
{
    public int Process(int input, StationContext context) =>
        context.Sequence == input && context.MaterialId != 0 && context.Attempt == 1 && context.Station.Path == nameof(FusedContextReader)
            ? input
            : throw new InvalidOperationException($"the context of {input} says sequence {context.Sequence}, attempt {context.Attempt}");
}

/// <summary>Plain, and a function of its input alone (so mapped directly while no one listens): a multiple of 13 fails.</summary>
[Station]
public sealed partial class FunctionFailing
{
    public int Process(int input) => input % 13 == 0 ? throw new InvalidOperationException($"{input} is a multiple of 13") : input;
}

/// <summary>With retries, so a worker of its own after a fused chain: fails unless the material it is given is the input's own (its sequence is its input).</summary>
[Station(MaxAttempts = 2, BackoffMs = 1)]
public sealed partial class SequenceChecker
{
    public int Process(int input, StationContext context) =>
        context.Sequence == input && context.ParentId == 0
            ? input
            : throw new InvalidOperationException($"{input} came as the material of sequence {context.Sequence}");
}
