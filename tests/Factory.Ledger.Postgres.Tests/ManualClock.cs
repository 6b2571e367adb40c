using System;
using System.Globalization;

namespace Factory.Ledger.Postgres.Tests;

/// <summary>A ledger clock the test moves by hand (timers still run on real time).</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>As the ledger writes times.</summary>
    public static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
