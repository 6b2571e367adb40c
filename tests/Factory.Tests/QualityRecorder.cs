using System.Collections.Concurrent;
using Factory.Quality;

namespace Factory.Tests;

/// <summary>An observer that keeps what quality control told it.</summary>
internal sealed class QualityRecorder : RunObserver
{
    public ConcurrentQueue<QualitySample> Samples { get; } = new();

    public ConcurrentQueue<Inspection> Inspections { get; } = new();

    public ConcurrentQueue<AndonTrip> Trips { get; } = new();

    public override void Sampled(QualitySample sample) => Samples.Enqueue(sample);

    public override void Inspected(Inspection inspection) => Inspections.Enqueue(inspection);

    public override void AndonTripped(AndonTrip trip) => Trips.Enqueue(trip);
}

/// <summary>Finds a defect in AddOne's output for the inputs it is given.</summary>
internal sealed class DefectsAt(params int[] inputs) : IInspector<int, int>
{
    private readonly System.Collections.Generic.HashSet<int> defective = [.. inputs];

    public string Name => "defects-at";

    public InspectionResult Inspect(int input, int output) =>
        defective.Contains(input) ? InspectionResult.Defect("planted", $"input {input}") : InspectionResult.Ok;
}
