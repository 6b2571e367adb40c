using System;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// A station with effects as a run with an <see cref="Experiments.EffectRecorder"/> wires it: the
/// station's own work is never called; the recorder notes the input and the line gets the stand-in's
/// output. Generic over the station's types only, not its work: one instantiation serves every station
/// of the same types (and, in native code, every station of reference types).
/// </summary>
internal readonly struct StandInWork<TIn, TOut>(string runId, Experiments.EffectRecorder recorder, Func<TIn, TOut> output, Func<TIn, object?> redact, Func<TOut, object?> redactOutput)
    : IStationWork<TIn, TOut>
{
    public ValueTask ProcessAsync(TIn input, StationContext context, OutputBuffer<TOut> outputs, CancellationToken cancellationToken)
    {
        recorder.Record(new Experiments.RecordedEffect(runId, context.Station.Path, context.Station.Effects, context.MaterialId, redact(input)));
        outputs.Add(output(input));
        return ValueTask.CompletedTask;
    }

    public object? Redact(TIn input) => redact(input);

    public object? RedactOutput(TOut output) => redactOutput(output);
}
