using System;
using System.ComponentModel;
using System.Globalization;
using System.Text;
using Factory.Quality;

namespace Factory.Runtime;

/// <summary>
/// A run's <see cref="Sampling"/> as text, for a transport to carry to the workers that host its stations:
/// the seed, the run-wide fraction, whether thinking units' verdicts count, and each station's fraction
/// (<c>seed=7;rate=0.02;units=0;@Classify=0.1</c>). A worker samples with it the same materials the run
/// would in process, since the choice is a hash of the seed, the station and the material's id. Predicates,
/// inspectors and andons are code and state of the caller's process: they do not travel, and a run on a
/// transport that has one is refused at its start.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SamplingTerms
{
    /// <summary>The text of <paramref name="sampling"/>.</summary>
    /// <exception cref="InvalidOperationException">It gives a station a predicate, an inspector or an andon; the message names the station.</exception>
    public static string Write(Sampling sampling)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"seed={sampling.Seed};rate={sampling.Rate:R};units={(sampling.ThinkingUnits ? 1 : 0)}");
        foreach (StationQualityRule rule in sampling.Rules)
        {
            string? code = rule.Predicate is not null ? "a predicate" : rule.Inspectors.Count > 0 ? "an inspector" : rule.Andon is not null ? "an andon" : null;
            if (code is not null)
            {
                throw new InvalidOperationException(
                    $"Sampling gives station '{rule.Station}' {code}, which is code and state of this process: it cannot travel to the workers of a run on a transport. Sample the station by fraction (Station(\"{rule.Station}\", rate)), or run the line in process.");
            }

            if (rule.Rate is { } rate)
            {
                text.Append(CultureInfo.InvariantCulture, $";@{rule.Station}={rate:R}");
            }
        }

        return text.ToString();
    }

    /// <summary>The sampling <paramref name="terms"/> (<see cref="Write"/>'s text) describe.</summary>
    /// <exception cref="FormatException">The text is not one <see cref="Write"/> makes.</exception>
    public static Sampling Read(string terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ulong seed = 0;
        double rate = 0;
        bool units = false;
        var stations = new System.Collections.Generic.List<(string Path, double Rate)>();
        foreach (string term in terms.Split(';'))
        {
            int equals = term.LastIndexOf('=');
            if (equals <= 0)
            {
                throw Unreadable(terms);
            }

            string key = term[..equals];
            string value = term[(equals + 1)..];
            switch (key)
            {
                case "seed":
                    seed = ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s) ? s : throw Unreadable(terms);
                    break;
                case "rate":
                    rate = Fraction(value, terms);
                    break;
                case "units":
                    units = value == "1";
                    break;
                default:
                    stations.Add(key.StartsWith('@') && key.Length > 1 ? (key[1..], Fraction(value, terms)) : throw Unreadable(terms));
                    break;
            }
        }

        var sampling = new Sampling { Seed = seed, Rate = rate, ThinkingUnits = units };
        foreach ((string path, double fraction) in stations)
        {
            sampling.Station(path, fraction);
        }

        return sampling;
    }

    private static double Fraction(string value, string terms) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double fraction) && fraction is >= 0 and <= 1 ? fraction : throw Unreadable(terms);

    private static FormatException Unreadable(string terms) =>
        new($"The sampling terms '{terms}' are not Factory's (seed=N;rate=F;units=0|1;@station=F...): the message was not sent by a Factory caller of this version.");
}
