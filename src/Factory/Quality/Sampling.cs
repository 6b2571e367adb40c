using System;
using System.Collections.Generic;

namespace Factory.Quality;

/// <summary>
/// Quality control for a run (<see cref="RunOptions.Sampling"/>): which outputs go to the review queue
/// (a fraction of every station's, per station a fraction of its own or those a predicate chooses), the
/// automatic inspectors of each station, and its andon. The choice of a fraction is seeded: the same
/// seed samples the same materials of a run again. A station with none of these pays nothing.
/// </summary>
/// <example>
/// <code>
/// var sampling = new Sampling { Seed = 7, Rate = 0.02 }
///     .Station("Classify", 0.10)
///     .When&lt;Ticket, Scored&gt;("Classify", (ticket, scored) => scored.Confidence &lt; 0.6)
///     .Inspect("Classify", new KnownLabels(labels))
///     .Andon("Classify", new AndonRule(Threshold: 0.05, Window: 200));
/// </code>
/// </example>
public sealed class Sampling
{
    private readonly Dictionary<string, StationQualityRule> stations = new(StringComparer.Ordinal);
    private readonly double rate;

    /// <summary>Seeds the choice of which outputs a fraction takes.</summary>
    public ulong Seed { get; init; }

    /// <summary>The fraction, between 0 and 1, of every station's outputs sampled (0, the default: none).</summary>
    public double Rate
    {
        get => rate;
        init => rate = Checked(value, "every station");
    }

    /// <summary>
    /// True: every station of the run has quality control, so the verdicts reported from inside its calls
    /// (<see cref="StationContext.ReportInspection"/>: each thinking unit's own inspection of its model's
    /// answers) are recorded and counted by its andon. False (the default): only the stations this sampling
    /// names, or all when <see cref="Rate"/> is above 0, record them.
    /// </summary>
    public bool ThinkingUnits { get; init; }

    /// <summary>Samples <paramref name="rate"/> (between 0 and 1) of the outputs of the station at <paramref name="path"/> (its name, or e.g. <c>Review/Classify</c> inside a nested line).</summary>
    public Sampling Station(string path, double rate)
    {
        Rule(path).Rate = Checked(rate, $"station '{path}'");
        return this;
    }

    /// <summary>Samples every output of the station at <paramref name="path"/> for which <paramref name="predicate"/> is true (besides its fraction).</summary>
    public Sampling When<TIn, TOut>(string path, Func<TIn, TOut, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        Rule(path).Predicate = predicate;
        return this;
    }

    /// <summary>Runs <paramref name="inspector"/> on every output of the station at <paramref name="path"/>.</summary>
    public Sampling Inspect<TIn, TOut>(string path, IInspector<TIn, TOut> inspector)
    {
        ArgumentNullException.ThrowIfNull(inspector);
        Rule(path).Inspectors.Add(inspector);
        return this;
    }

    /// <summary>Watches the inspections of the station at <paramref name="path"/>: when its defects break <paramref name="rule"/>, the andon trips.</summary>
    public Sampling Andon(string path, AndonRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule.Validate(path);
        Rule(path).Andon = rule;
        return this;
    }

    /// <summary>
    /// The station's sampler, or null when the run's <paramref name="sampling"/> (if any) neither names the
    /// station nor covers every station, and no inspector is wired to it (<paramref name="wired"/>, by
    /// <c>[Inspector&lt;TStation&gt;]</c>): it then pays nothing.
    /// </summary>
    internal static StationSampler<TIn, TOut>? For<TIn, TOut>(Sampling? sampling, IQualityRun run, StationDescriptor station, IInspector<TIn, TOut>[]? wired)
    {
        StationQualityRule? rule = null;
        sampling?.stations.TryGetValue(station.Path, out rule);
        double fraction = rule?.Rate ?? sampling?.Rate ?? 0;
        if (fraction == 0 && rule is null && sampling is not { ThinkingUnits: true } && wired is not { Length: > 0 })
        {
            return null;
        }

        return new StationSampler<TIn, TOut>(run, station, sampling?.Seed ?? 0, fraction, rule, wired);
    }

    /// <summary>What this sampling holds per station it names.</summary>
    internal IEnumerable<StationQualityRule> Rules => stations.Values;

    /// <summary>The stations named here that <paramref name="line"/> does not have: a typo would sample nothing, silently.</summary>
    internal void CheckStations(LineDescriptor line)
    {
        foreach (string path in stations.Keys)
        {
            if (!HasStation(line, path))
            {
                throw new ArgumentException($"Sampling names station '{path}', which line '{line.Name}' does not have (its stations: {string.Join(", ", Paths(line))}).");
            }
        }
    }

    private static bool HasStation(LineDescriptor line, string path)
    {
        foreach (StationDescriptor station in line.Stations)
        {
            if (string.Equals(station.Path, path, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> Paths(LineDescriptor line)
    {
        foreach (StationDescriptor station in line.Stations)
        {
            yield return station.Path;
        }
    }

    private StationQualityRule Rule(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!stations.TryGetValue(path, out StationQualityRule? rule))
        {
            rule = new StationQualityRule(path);
            stations.Add(path, rule);
        }

        return rule;
    }

    private static double Checked(double value, string what) =>
        value is >= 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"The sampling fraction of {what} must be between 0 and 1.");
}
