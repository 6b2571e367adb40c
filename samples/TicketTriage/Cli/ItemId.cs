using System;
using System.Globalization;

namespace TicketTriage.Cli;

/// <summary>
/// A waiting refund as the command line names it: the run's id and the material's id, as
/// <c>RUNID/MATERIAL</c> (e.g. <c>triage-20261207-033000-abc123/4711</c>); the gate is the line's one gate.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="MaterialId">The material waiting at the gate.</param>
public readonly record struct ItemId(string RunId, long MaterialId)
{
    /// <summary>What an item looks like, for messages.</summary>
    public const string Shape = "RUNID/MATERIAL, as --waiting and the run's last lines print it (e.g. triage-20261207-033000-abc123/4711)";

    /// <summary>Reads <c>RUNID/MATERIAL</c>; false when it is not of that shape.</summary>
    public static bool TryParse(string? text, out ItemId id)
    {
        id = default;
        int slash = text?.LastIndexOf('/') ?? -1;
        if (slash <= 0
            || string.IsNullOrWhiteSpace(text![..slash])
            || !long.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long material))
        {
            return false;
        }

        id = new ItemId(text[..slash], material);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RunId}/{MaterialId}");
}
