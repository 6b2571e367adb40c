using System;
using System.Globalization;
using System.Threading;

namespace Factory.Ledger.Tests;

/// <summary>A ledger clock the test moves by hand (timers still run on real time); read and moved from any thread.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private long ticks = now.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>As the ledger writes times.</summary>
    public static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
