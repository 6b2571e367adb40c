using System;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// A station with effects as a run with an <see cref="Experiments.EffectRecorder"/> wires it: the
/// station's own work is never called; the recorder notes the input and the line gets the stand-in's output.
/// </summary>
internal readonly struct StandInWork<TIn, TOut, TWork>(TWork work, string runId, Experiments.EffectRecorder recorder, Func<TIn, TOut> output) : IStationWork<TIn, TOut>
    where TWork : struct, IStationWork<TIn, TOut>
{
    public ValueTask ProcessAsync(TIn input, StationContext context, OutputBuffer<TOut> outputs, CancellationToken cancellationToken)
    {
        recorder.Record(new Experiments.RecordedEffect(runId, context.Station.Path, context.Station.Effects, context.MaterialId, work.Redact(input)));
        outputs.Add(output(input));
        return ValueTask.CompletedTask;
    }

    public object? Redact(TIn input) => work.Redact(input);

    public object? RedactOutput(TOut output) => work.RedactOutput(output);
}
