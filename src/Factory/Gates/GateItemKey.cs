namespace Factory.Gates;

/// <summary>Which parked item: the run, the gate (its station path) and the material.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="Gate">The gate's path in the line (<see cref="StationDescriptor.Path"/>).</param>
/// <param name="MaterialId">The material's id.</param>
public readonly record struct GateItemKey(string RunId, string Gate, long MaterialId)
{
    /// <inheritdoc />
    public override string ToString() => $"material {MaterialId} at gate '{Gate}' of run {RunId}";
}
