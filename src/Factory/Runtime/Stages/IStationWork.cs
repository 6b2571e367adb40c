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

    /// <summary>What a dead letter keeps of <paramref name="input"/>: the input, or a copy without its <c>[Sensitive]</c> members.</summary>
    object? Redact(TIn input) => input;

    /// <summary>What a sample for review keeps of <paramref name="output"/>: the output, or a copy without its <c>[Sensitive]</c> members.</summary>
    object? RedactOutput(TOut output) => output;
}
