using System.ComponentModel;

namespace Factory.Runtime;

/// <summary>
/// The generated type switch of a line's routes: which route a value takes, by its run-time type,
/// first match wins. A struct, so the router calls it directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRouteSwitch<TBase>
{
    /// <summary>The index of the route <paramref name="value"/> takes, or -1 when none does.</summary>
    int Select(TBase value);

    /// <summary>The case type of each route, in order.</summary>
    string CaseType(int route);

    /// <summary>
    /// What a no-route dead letter or a discard record keeps of <paramref name="value"/>: the value, or
    /// a copy without the <c>[Sensitive]</c> members of the routed type.
    /// </summary>
    object? Redact(TBase value) => value;
}
