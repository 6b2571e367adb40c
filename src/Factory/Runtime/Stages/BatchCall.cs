using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// One batch through a batch station, as <see cref="Attempts{TCall, TSubject, TOut}"/> calls it. The station's list of
/// outputs is copied into the worker's output buffer, so a batch's outputs, like a station's, move on
/// only after the attempt succeeds, and an attempt let go of after its timeout writes only into a
/// buffer nobody reads any more. Provenance is per material: every material of the batch gets the
/// batch's attempt and, when it fails for good, a dead letter.
/// </summary>
internal readonly struct BatchCall<TIn, TOut, TWork>(TWork work, StationDescriptor station, StationInstruments instruments, SplitRegistry? missingTo, Quality.StationSampler<TIn, TOut>? sampler = null)
    : IAttemptCall<BatchJob<TIn>, TOut>
    where TWork : struct, IBatchWork<TIn, TOut>
{
    public Quality.IStationInspections? Inspections => sampler;

    /// <summary>A batch's outputs are always checked against its inputs (<see cref="Broken"/>).</summary>
    public bool IsPlain => false;

    public void Begin(in BatchJob<TIn> batch, StationContext context, int attempt, CancellationToken cancellationToken) =>
        context.Begin(batch.Materials[0], attempt, cancellationToken);

    public ValueTask Call(in BatchJob<TIn> batch, StationContext context, OutputBuffer<TOut> outputs, CancellationToken cancellationToken)
    {
        ValueTask<IReadOnlyList<TOut>> pending = work.ProcessAsync(batch.Inputs, context, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            AddAll(pending.Result, outputs);
            return default;
        }

        return AddAllAsync(pending, outputs);
    }

    /// <summary>Quality control per material of the batch, for a station that has it (one null check for one that has not).</summary>
    public void Passed(in BatchJob<TIn> batch, OutputBuffer<TOut> outputs) => sampler?.OfferBatch(batch, outputs, work);

    /// <summary>A batch station gives one output per input, in order.</summary>
    public Exception? Broken(in BatchJob<TIn> batch, OutputBuffer<TOut> outputs) =>
        outputs.Count == batch.Count ? null : new InvalidOperationException(
            $"Batch station '{station.Path}' returned {outputs.Count} outputs for {batch.Count} inputs; a batch station gives one output per input, in order.");

    public Activity? StartSpan(in BatchJob<TIn> batch, int attempt) => null;

    public void Record(in BatchJob<TIn> batch, Activity? span, int attempt, long started, ExecutionOutcome outcome, Exception? failure, StationContext context)
    {
        foreach (ref readonly Material<TIn> material in batch.Span)
        {
            instruments.EndAttempt(null, MaterialInfo.Of(material), attempt, started, outcome, failure);
        }
    }

    public MaterialInfo Named(in BatchJob<TIn> batch) => MaterialInfo.Of(batch.Materials[0]);

    public string DidNotFinish(in BatchJob<TIn> batch, int attempt, int timeoutMs) =>
        $"Batch station '{station.Path}' did not finish a batch of {batch.Count} within {timeoutMs} ms (attempt {attempt}).";

    public void DeadLetter(in BatchJob<TIn> batch, Exception failure, int attempts, WorkerCounts counts)
    {
        foreach (ref readonly Material<TIn> material in batch.Span)
        {
            instruments.DeadLetter(material, work.Redact(material.Value), failure, attempts, counts, missingTo);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AddAllAsync(ValueTask<IReadOnlyList<TOut>> pending, OutputBuffer<TOut> outputs) =>
        AddAll(await pending.ConfigureAwait(false), outputs);

    /// <summary>Adds what the station gave (a station breaking its contract may give null: <see cref="Broken"/> counts none).</summary>
    private static void AddAll(IReadOnlyList<TOut>? given, OutputBuffer<TOut> outputs)
    {
        int count = given?.Count ?? 0;
        for (int i = 0; i < count; i++)
        {
            outputs.Add(given![i]);
        }
    }
}
