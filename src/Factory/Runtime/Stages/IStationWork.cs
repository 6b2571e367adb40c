using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// The call into one station, emitted by the generator as a struct so the runtime's generic workers
/// are specialised per station and call it directly (no delegate, no virtual call per material).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IStationWork<TIn, TOut>
{
    /// <summary>Runs the station once on <paramref name="input"/> and adds what it gives to <paramref name="output"/>.</summary>
    ValueTask ProcessAsync(TIn input, StationContext context, OutputBuffer<TOut> output, CancellationToken cancellationToken);

    /// <summary>
    /// True when the station is a function of its input alone: synchronous, one output, no context, no
    /// token and no <c>Effects</c>. The runtime may then call <see cref="Map"/> instead of <see cref="ProcessAsync"/> while
    /// no one listens (docs/design.md, "A function station's direct call").
    /// </summary>
    bool IsFunction => false;

    /// <summary>The output of a station that <see cref="IsFunction"/>: its work method, called directly.</summary>
    TOut Map(TIn input) => throw new NotSupportedException("Only a station whose work is a function of its input alone maps it directly.");

    /// <summary>What a dead letter keeps of <paramref name="input"/>: the input, or a copy without its <c>[Sensitive]</c> members.</summary>
    object? Redact(TIn input) => input;

    /// <summary>What a sample for review keeps of <paramref name="output"/>: the output, or a copy without its <c>[Sensitive]</c> members.</summary>
    object? RedactOutput(TOut output) => output;
}
