using System.Collections.Generic;
using System.ComponentModel;

namespace Factory.Runtime;

/// <summary>
/// The calls into one gate, emitted by the generator as a struct (<c>GateWork</c>): what its approvers
/// see of a payload, and what an edited payload must pass (its data annotations, as generated comparisons).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGateWork<T>
{
    /// <summary>What the approvers see of <paramref name="payload"/>: the gate's <c>Present</c>, or the payload.</summary>
    object? Present(T payload);

    /// <summary>Adds to <paramref name="problems"/> what is wrong with <paramref name="payload"/> by its data annotations.</summary>
    void Validate(T payload, ICollection<string> problems);

    /// <summary>What a dead letter keeps of <paramref name="input"/>: the input, or a copy without its <c>[Sensitive]</c> members.</summary>
    object? Redact(T input) => input;
}
