using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>The call into a batch station (<c>BatchSize</c>), emitted by the generator as a struct.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IBatchWork<TIn, TOut>
{
    /// <summary>Runs the station once on a batch; it must give one output per input, in order.</summary>
    ValueTask<IReadOnlyList<TOut>> ProcessAsync(IReadOnlyList<TIn> inputs, StationContext context, CancellationToken cancellationToken);

    /// <summary>What a dead letter keeps of <paramref name="input"/>: the input, or a copy without its <c>[Sensitive]</c> members.</summary>
    object? Redact(TIn input) => input;

    /// <summary>What a sample for review keeps of <paramref name="output"/>: the output, or a copy without its <c>[Sensitive]</c> members.</summary>
    object? RedactOutput(TOut output) => output;
}
