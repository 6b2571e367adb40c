using System;
using System.Collections.Generic;

namespace Factory.Ledger;

/// <summary>
/// What a replay run replays: made by <see cref="DeadLetterReplay"/>, handed to the ledger in
/// <see cref="LedgerObserveOptions.Replay"/>. When the run starts the ledger checks each candidate
/// (still open, input held, input type the line's), claims the ones that pass in the same durable
/// transaction that records the run and writes one audit entry per claimed letter, and lists them in
/// <see cref="Claimed"/>: they enter the run in that order.
/// </summary>
public sealed class ReplayRequest
{
    private readonly List<long> claimed = [];
    private readonly List<ReplaySkip> skipped = [];

    /// <summary>Creates a request.</summary>
    /// <param name="candidates">The dead letters to replay, in the order they should enter.</param>
    /// <param name="actor">Who replays them.</param>
    /// <param name="reason">Why, for the audit.</param>
    /// <param name="strict">True: refuse the run unless every candidate can be replayed. False: skip those that cannot.</param>
    public ReplayRequest(IReadOnlyList<long> candidates, string actor, string? reason, bool strict)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        Candidates = candidates;
        Actor = actor;
        Reason = reason;
        Strict = strict;
    }

    /// <summary>The dead letters asked for.</summary>
    public IReadOnlyList<long> Candidates { get; }

    /// <summary>Who replays them.</summary>
    public string Actor { get; }

    /// <summary>Why.</summary>
    public string? Reason { get; }

    /// <summary>True when every candidate must be replayable.</summary>
    public bool Strict { get; }

    /// <summary>The dead letters the run replays, in input order (input <c>i</c> is <c>Claimed[i]</c>).</summary>
    public IReadOnlyList<long> Claimed => claimed;

    /// <summary>The candidates not replayed, and why.</summary>
    public IReadOnlyList<ReplaySkip> Skipped => skipped;

    /// <summary>Called by the ledger at the run's start: the letter is claimed for the run.</summary>
    public void Claim(long deadLetterId) => claimed.Add(deadLetterId);

    /// <summary>Called by the ledger at the run's start: the letter cannot be replayed.</summary>
    public void Skip(long deadLetterId, string reason) => skipped.Add(new ReplaySkip(deadLetterId, reason));
}

/// <summary>A dead letter a replay left alone.</summary>
/// <param name="DeadLetterId">Which.</param>
/// <param name="Reason">Why.</param>
public sealed record ReplaySkip(long DeadLetterId, string Reason);
