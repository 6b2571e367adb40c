using System;
using System.Globalization;

namespace Factory.ControlRoom;

/// <summary>How the screens write a cost and a duration, the same on the page and in the live events.</summary>
internal static class Figures
{
    public static string Cost(decimal cost) => cost.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A duration in the unit that suits it (µs, ms, s), or "-" when there is none.</summary>
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "-",
        { TotalMilliseconds: < 1 } d => d.TotalMicroseconds.ToString("0", CultureInfo.InvariantCulture) + " µs",
        { TotalSeconds: < 1 } d => d.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture) + " ms",
        { } d => d.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s",
    };
}
