using System;
using System.Globalization;

namespace Factory.Ledger.Relational;

/// <summary>How times are stored.</summary>
internal static class Time
{
    private static readonly long EpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>ISO 8601, UTC, to the tick: sorts as text.</summary>
    public static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Microseconds since the Unix epoch.</summary>
    public static long Micros(DateTimeOffset time) => (time.UtcTicks - EpochTicks) / 10;

    public static DateTimeOffset FromMicros(long micros) => new(EpochTicks + (micros * 10), TimeSpan.Zero);
}
