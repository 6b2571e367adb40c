using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Gates;

/// <summary>
/// Where materials wait at gates, and where decisions on them are made and recorded, each once. A run
/// parks a material here when it reaches a gate and takes the decision when there is one; deciders
/// (a control room, a command line, a test) call <see cref="DecideAsync"/> meanwhile. Give a store to
/// a run with <see cref="RunOptions.Gates"/>. <see cref="InMemoryGateStore"/> keeps everything in the
/// process; a ledger-backed store keeps it across processes.
/// </summary>
public interface IGateStore
{
    /// <summary>True when parked items and decisions survive the process; a run warns when they do not.</summary>
    bool IsDurable { get; }

    /// <summary>The clock deadlines and decision times are read from (a fake one in tests).</summary>
    TimeProvider Clock { get; }

    /// <summary>
    /// Parks a material at a gate; its deadline is now plus the gate's timeout. Parking a key that is
    /// already parked keeps the first item and its decision (a resumed run parks again what it cannot
    /// know was parked), and a decision an earlier start of the run took is given to this one again.
    /// </summary>
    ValueTask<GateItem> ParkAsync(GateParking parking, CancellationToken cancellationToken = default);

    /// <summary>
    /// Decides on a parked item, once. Refused (with a sentence saying why) when the item is unknown,
    /// the actor does not act for its tenant or holds none of the gate's approver permissions, the gate
    /// is four-eyes and the actor submitted the job, the item is already decided ("already approved by X
    /// at T"), its deadline has passed, or an edited payload is of the wrong type or breaks its data
    /// annotations (with the problems). Every attempt, accepted or refused, leaves an audit entry.
    /// </summary>
    ValueTask<GateDecisionResult> DecideAsync(GateItemKey item, GateActor actor, GateVerdict verdict, CancellationToken cancellationToken = default);

    /// <summary>The items waiting for a decision: of run <paramref name="runId"/>, or of every run when null.</summary>
    ValueTask<IReadOnlyList<GateItem>> WaitingAsync(string? runId = null, CancellationToken cancellationToken = default);

    /// <summary>The decided items of one gate of one run that the run has not taken yet; each is given once.</summary>
    ValueTask<IReadOnlyList<DecidedItem>> TakeDecidedAsync(string runId, string gate, CancellationToken cancellationToken = default);

    /// <summary>
    /// Decides, by the gate's <see cref="GateTimeout"/>, every item of one gate of one run whose deadline
    /// has passed by <see cref="Clock"/>; returns how many. A timeout is a decision like any other: an
    /// actor's later attempt is refused, and the run takes it with <see cref="TakeDecidedAsync"/>.
    /// </summary>
    ValueTask<int> ExpireAsync(string runId, string gate, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes when a decision for run <paramref name="runId"/> may be ready to take, or after
    /// <paramref name="longest"/> at most (a store that cannot be notified polls).
    /// </summary>
    ValueTask WaitForDecisionAsync(string runId, TimeSpan longest, CancellationToken cancellationToken);

    /// <summary>
    /// The materials earlier starts of run <paramref name="runId"/> parked at <paramref name="gate"/>
    /// whose inputs have no outcome yet, their payloads read back as <paramref name="check"/>'s type: the
    /// gate of a started-again run holds them again, and takes their decisions as if it had parked them.
    /// A store that does not survive the process has none.
    /// </summary>
    ValueTask<IReadOnlyList<ParkedMaterial>> RestoreAsync(string runId, string gate, GatePayloadCheck check, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<ParkedMaterial>>([]);

    /// <summary>Every decision attempt, in order: of run <paramref name="runId"/>, or of every run when null.</summary>
    ValueTask<IReadOnlyList<GateAuditEntry>> AuditAsync(string? runId = null, CancellationToken cancellationToken = default);
}
