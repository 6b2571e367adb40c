using System.Runtime.CompilerServices;
using System.Threading;

namespace Factory;

/// <summary>
/// What a station knows about the material it is working on. One context belongs to one worker and
/// is reused for every material, so read it during the call and do not keep it.
/// </summary>
public sealed class StationContext
{
    private readonly Runtime.WorkerCounts? counts;
    private bool reported;

    internal StationContext(StationDescriptor station, JobOrder job, Runtime.WorkerCounts? counts = null)
    {
        Station = station;
        Job = job;
        this.counts = counts;
    }

    /// <summary>The model that answered in the current attempt, when a thinking unit reported one.</summary>
    public string? Model { get; private set; }

    /// <summary>Model input tokens reported in the current attempt.</summary>
    public long InputTokens { get; private set; }

    /// <summary>Model output tokens reported in the current attempt.</summary>
    public long OutputTokens { get; private set; }

    /// <summary>Model cost reported in the current attempt.</summary>
    public decimal Cost { get; private set; }

    /// <summary>
    /// Records one model call of the current attempt (thinking units call this): it goes into the
    /// attempt's provenance record and into the station's totals in the run report.
    /// </summary>
    public void ReportModelUsage(string model, long inputTokens, long outputTokens, decimal cost)
    {
        System.ArgumentException.ThrowIfNullOrWhiteSpace(model);
        reported = true;
        Model = model;
        InputTokens += inputTokens;
        OutputTokens += outputTokens;
        Cost += cost;
        if (counts is not null)
        {
            lock (counts)
            {
                counts.InputTokens += inputTokens;
                counts.OutputTokens += outputTokens;
                counts.Cost += cost;
            }
        }
    }

    /// <summary>
    /// Records a verdict on the material being processed, reached inside the call (thinking units report
    /// their own inspection of each model answer: <c>thinking-unit</c>, ok or a <c>rejected-answer</c>
    /// defect with the problems as the note). When the run has quality control for this station
    /// (<see cref="RunOptions.Sampling"/> names it, covers every station, or says <see cref="Quality.Sampling.ThinkingUnits"/>)
    /// it is recorded as an <see cref="Quality.Inspection"/> and counted by the station's andon, as an
    /// inspector's verdict is; otherwise (and outside a line) nothing happens. Keep secrets out of the note.
    /// </summary>
    public void ReportInspection(string inspector, Quality.InspectionResult result)
    {
        System.ArgumentException.ThrowIfNullOrWhiteSpace(inspector);
        Inspections?.Inspected(new MaterialInfo(MaterialId, ParentId, Sequence, Root), inspector, result);
    }

    /// <summary>The station's quality control, when the run has it for this station.</summary>
    internal Quality.IStationInspections? Inspections { get; init; }

    /// <summary>The station being run.</summary>
    public StationDescriptor Station { get; }

    /// <summary>The job order of the run.</summary>
    public JobOrder Job { get; }

    /// <summary>The id of the material being processed; use it as an idempotency key for side effects.</summary>
    public long MaterialId { get; private set; }

    /// <summary>The id of the material this one was split from, or 0.</summary>
    public long ParentId { get; private set; }

    /// <summary>The material's sequence number.</summary>
    public long Sequence { get; private set; }

    /// <summary>The input position the material descends from (for the inspections reported on it).</summary>
    internal long Root { get; private set; }

    /// <summary>The current attempt, starting at 1.</summary>
    public int Attempt { get; private set; }

    /// <summary>The token of the current attempt: cancelled on timeout or when the run is cancelled.</summary>
    public CancellationToken CancellationToken { get; private set; }

    /// <summary>This worker's slots in the run's flight recorder, when it keeps one: each attempt's material is noted there as it begins.</summary>
    internal Runtime.FlightSlots? Flight { get; set; }

    // Inlined into every attempt (a call per station per material): 13% less CPU a material in S3, 5% in S1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Begin<T>(in Material<T> material, int attempt, CancellationToken cancellationToken)
    {
        Flight?.Begin(material);
        MaterialId = material.Id;
        ParentId = material.ParentId;
        Sequence = material.Sequence;
        Root = material.Root;
        Attempt = attempt;

        // Begin runs for every material at every station: it writes only what changed, since the
        // token is the run's for material after material and most stations report no model usage.
        if (CancellationToken != cancellationToken)
        {
            CancellationToken = cancellationToken;
        }

        if (reported)
        {
            reported = false;
            Model = null;
            InputTokens = 0;
            OutputTokens = 0;
            Cost = 0;
        }
    }
}
