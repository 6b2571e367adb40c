using System.Threading;

namespace Factory;

/// <summary>
/// What a station knows about the material it is working on. One context belongs to one worker and
/// is reused for every material, so read it during the call and do not keep it.
/// </summary>
public sealed class StationContext
{
    internal StationContext(StationDescriptor station, JobOrder job)
    {
        Station = station;
        Job = job;
    }

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

    /// <summary>The current attempt, starting at 1.</summary>
    public int Attempt { get; private set; }

    /// <summary>The token of the current attempt: cancelled on timeout or when the run is cancelled.</summary>
    public CancellationToken CancellationToken { get; private set; }

    internal void Begin<T>(in Material<T> material, int attempt, CancellationToken cancellationToken)
    {
        MaterialId = material.Id;
        ParentId = material.ParentId;
        Sequence = material.Sequence;
        Attempt = attempt;
        CancellationToken = cancellationToken;
    }
}
