namespace Factory.Quality;

/// <summary>A station's andon tripped.</summary>
/// <param name="Station">The station.</param>
/// <param name="Rule">The rule it broke.</param>
/// <param name="Defects">Defects among the last <see cref="AndonRule.Window"/> inspected.</param>
/// <param name="Inspected">How many its window held (at most the rule's window).</param>
public sealed record AndonTrip(StationDescriptor Station, AndonRule Rule, int Defects, int Inspected)
{
    /// <summary>What the log, the audit and an operator read.</summary>
    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"Andon at station '{Station.Path}' v{Station.FullVersion}: {Defects} defects in the last {Inspected} inspected (more than {Rule.Threshold:P1} of {Rule.Window}); {(Rule.Action == AndonAction.Pause ? "the line is paused" : "its outputs go to review")}.");
}
