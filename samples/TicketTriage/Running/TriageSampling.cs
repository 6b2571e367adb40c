using Factory.Quality;

namespace TicketTriage.Running;

/// <summary>
/// The run's quality sampling: 2% of the classifications go to the ledger's review queue, chosen by
/// a seeded hash of the material (the same run samples the same tickets), with the redacted ticket
/// and the category chosen. <c>--answer-reviews</c> answers them.
/// </summary>
public static class TriageSampling
{
    /// <summary>The sampled station's path.</summary>
    public const string Station = "Classify";

    /// <summary>The share of its outputs sent to review.</summary>
    public const double Rate = 0.02;

    /// <summary>The sampling's seed.</summary>
    public const ulong Seed = 18;

    /// <summary>The sampling every run goes with.</summary>
    public static Sampling Create() => new Sampling { Seed = Seed }.Station(Station, Rate);
}
