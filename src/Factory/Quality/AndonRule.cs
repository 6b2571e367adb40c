using System;

namespace Factory.Quality;

/// <summary>
/// When a station's defects stop the line: more than <see cref="Threshold"/> × <see cref="Window"/>
/// defects among its last <see cref="Window"/> inspected outputs (e.g. above 5% of the last 200: the
/// 11th defect within any 200 consecutive inspections trips it, the 10th does not).
/// </summary>
/// <param name="Threshold">The defect rate it may not exceed, between 0 and 1.</param>
/// <param name="Window">How many of the latest inspections it looks at.</param>
/// <param name="Action">What it does when it trips.</param>
public sealed record AndonRule(double Threshold = 0.05, int Window = 200, AndonAction Action = AndonAction.Pause)
{
    /// <summary>Most defects the window may hold without tripping.</summary>
    internal int Allowed => (int)Math.Floor(Threshold * Window);

    internal void Validate(string station)
    {
        if (!(Threshold >= 0 && Threshold < 1) || Window < 1)
        {
            throw new ArgumentException($"The andon of station '{station}' needs a threshold in [0, 1) and a window of at least 1; it has {Threshold} and {Window}.");
        }
    }
}
