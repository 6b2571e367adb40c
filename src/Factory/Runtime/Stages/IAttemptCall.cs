using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// The station call that <see cref="Attempts{TCall, TSubject, TOut}"/> makes on a subject: one material through its
/// station (<see cref="StationCall{TIn, TOut, TWork}"/>) or one batch through a batch station
/// (<see cref="BatchCall{TIn, TOut, TWork}"/>). Implemented by structs, so the attempt's code is
/// compiled for each station and calls the station directly: no delegate and no virtual call per
/// material. The subject is passed by reference, and copied only when an attempt has to wait.
/// </summary>
internal interface IAttemptCall<TSubject, TOut>
{
    /// <summary>The station's quality control, which verdicts reported from inside the call go to; null when it has none.</summary>
    Quality.IStationInspections? Inspections { get; }

    /// <summary>
    /// True when <see cref="Passed"/> and <see cref="Broken"/> do nothing for any subject: the attempts
    /// may then skip them (<see cref="Attempts{TCall, TSubject, TOut}"/>' fast path).
    /// </summary>
    bool IsPlain { get; }

    /// <summary>Tells the context which material, attempt and token the station works on now.</summary>
    void Begin(in TSubject subject, StationContext context, int attempt, CancellationToken cancellationToken);

    /// <summary>Calls the station once; what it gives goes to <paramref name="outputs"/>.</summary>
    ValueTask Call(in TSubject subject, StationContext context, OutputBuffer<TOut> outputs, CancellationToken cancellationToken);

    /// <summary>The call succeeded with <paramref name="outputs"/>: quality control samples and inspects them.</summary>
    void Passed(in TSubject subject, OutputBuffer<TOut> outputs);

    /// <summary>What a finished call broke of the station's contract, if anything: a failure that retrying would not mend.</summary>
    Exception? Broken(in TSubject subject, OutputBuffer<TOut> outputs);

    /// <summary>The attempt's span, when telemetry listens (a batch has none of its own).</summary>
    Activity? StartSpan(in TSubject subject, int attempt);

    /// <summary>Records how an attempt ended, for every material of the subject (closing its span).</summary>
    void Record(in TSubject subject, Activity? span, int attempt, long started, ExecutionOutcome outcome, Exception? failure, StationContext context);

    /// <summary>The material a retry is logged under: the material, or a batch's first.</summary>
    MaterialInfo Named(in TSubject subject);

    /// <summary>Why an attempt that ran out of time failed.</summary>
    string DidNotFinish(in TSubject subject, int attempt, int timeoutMs);

    /// <summary>Makes every material of the subject a dead letter of the station, after <paramref name="attempts"/> attempts.</summary>
    void DeadLetter(in TSubject subject, Exception failure, int attempts, WorkerCounts counts);
}
