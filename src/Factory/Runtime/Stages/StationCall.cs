using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// One material through its station, as <see cref="Attempts{TCall, TSubject, TOut}"/> calls it: for the workers of a
/// <see cref="StationStage{TIn, TOut, TWork}"/> and for a <see cref="FusedStation{TIn, TOut, TWork}"/>.
/// </summary>
internal readonly struct StationCall<TIn, TOut, TWork>(TWork work, StationDescriptor station, StationInstruments instruments, SplitRegistry? missingTo, Quality.StationSampler<TIn, TOut>? sampler = null)
    : IAttemptCall<Material<TIn>, TOut>
    where TWork : struct, IStationWork<TIn, TOut>
{
    public Quality.IStationInspections? Inspections => sampler;

    /// <summary>No quality control: <see cref="Passed"/> does nothing, and <see cref="Broken"/> never does anything.</summary>
    public bool IsPlain => sampler is null;

    public void Begin(in Material<TIn> material, StationContext context, int attempt, CancellationToken cancellationToken) =>
        context.Begin(material, attempt, cancellationToken);

    public ValueTask Call(in Material<TIn> material, StationContext context, OutputBuffer<TOut> outputs, CancellationToken cancellationToken) =>
        work.ProcessAsync(material.Value, context, outputs, cancellationToken);

    /// <summary>Quality control, for a station that has it (one null check for one that has not).</summary>
    public void Passed(in Material<TIn> material, OutputBuffer<TOut> outputs) => sampler?.Offer(material, outputs, work);

    /// <summary>A station may give any number of outputs.</summary>
    public Exception? Broken(in Material<TIn> material, OutputBuffer<TOut> outputs) => null;

    public Activity? StartSpan(in Material<TIn> material, int attempt) => instruments.StartAttempt(material, attempt);

    public void Record(in Material<TIn> material, Activity? span, int attempt, long started, ExecutionOutcome outcome, Exception? failure, StationContext context) =>
        instruments.EndAttempt(span, MaterialInfo.Of(material), attempt, started, outcome, failure, context);

    public MaterialInfo Named(in Material<TIn> material) => MaterialInfo.Of(material);

    public string DidNotFinish(in Material<TIn> material, int attempt, int timeoutMs) =>
        $"Station '{station.Path}' did not finish material {material.Id} within {timeoutMs} ms (attempt {attempt}).";

    public void DeadLetter(in Material<TIn> material, Exception failure, int attempts, WorkerCounts counts) =>
        instruments.DeadLetter(material, work.Redact(material.Value), failure, attempts, counts, missingTo);
}
