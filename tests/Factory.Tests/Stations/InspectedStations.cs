using Factory.Quality;

namespace Factory.Tests.Stations;

/// <summary>Halves, rounding down: what its wired inspector checks.</summary>
[Station]
public sealed partial class Halve
{
    public int Process(int input) => input / 2;
}

/// <summary><see cref="Halve"/> in batches.</summary>
[Station(BatchSize = 8)]
public sealed partial class HalveInBatches
{
    public System.Collections.Generic.IReadOnlyList<int> Process(System.Collections.Generic.IReadOnlyList<int> inputs) =>
        [.. System.Linq.Enumerable.Select(inputs, input => input / 2)];
}

/// <summary>How far a half may be off before <see cref="Rounding"/> calls it a defect; DI gives it.</summary>
public sealed record Tolerance(int Allowed);

/// <summary>Wired to <see cref="Halve"/> and <see cref="HalveInBatches"/> by attribute: every line that runs either takes one and runs it on every output.</summary>
[Inspector<Halve>]
[Inspector<HalveInBatches>]
public sealed class Rounding(Tolerance tolerance) : IInspector<int, int>
{
    public string Name => "rounding";

    public InspectionResult Inspect(int input, int output) =>
        input - (output * 2) > tolerance.Allowed ? InspectionResult.Defect("rounded", $"{input} / 2 gave {output}") : InspectionResult.Ok;
}
