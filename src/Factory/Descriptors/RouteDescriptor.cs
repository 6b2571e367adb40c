namespace Factory;

/// <summary>A route of a line: materials of <see cref="CaseType"/> leaving station <see cref="From"/> go to station <see cref="To"/>, or are discarded.</summary>
/// <param name="From">Index of the station whose output is routed.</param>
/// <param name="CaseType">The case type.</param>
/// <param name="To">Index of the first station of the target, or -1 for a discard.</param>
public sealed record RouteDescriptor(int From, string CaseType, int To)
{
    /// <summary>True when the case is discarded.</summary>
    public bool IsDiscard => To < 0;
}
