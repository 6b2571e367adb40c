using System;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Threading;

namespace Factory;

/// <summary>
/// Attempt durations counted in buckets a quarter of a power of two wide (microseconds), so a
/// percentile is read without keeping every duration: what a station's p95 is shown from, live
/// (<see cref="StationStatus.P95Duration"/>) and from the ledger. A percentile is its bucket's upper
/// end, at most a quarter above the true value (exact below 8 µs). Recording is one interlocked
/// increment; safe from any number of threads.
/// </summary>
public sealed class DurationHistogram
{
    // Buckets 0-3 hold 0-3 µs; from 4 on, four per power of two: 4-7 µs are 4-7, 8-9 µs is 8, ...
    private const int Buckets = 248;

    private readonly long[] counts = new long[Buckets];

    /// <summary>Counts one duration.</summary>
    public void Record(TimeSpan duration) => Interlocked.Increment(ref counts[Bucket(duration.Ticks / 10)]);

    /// <summary>How many durations it counted.</summary>
    public long Count
    {
        get
        {
            long total = 0;
            for (int i = 0; i < Buckets; i++)
            {
                total += Volatile.Read(ref counts[i]);
            }

            return total;
        }
    }

    /// <summary>The duration <paramref name="fraction"/> of the counted ones are at or below (0.95 for p95), or null when none were counted.</summary>
    public TimeSpan? Percentile(double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(fraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        long total = Count;
        if (total == 0)
        {
            return null;
        }

        long rank = (long)Math.Ceiling(fraction * total);
        long seen = 0;
        for (int i = 0; i < Buckets; i++)
        {
            seen += Volatile.Read(ref counts[i]);
            if (seen >= rank)
            {
                return TimeSpan.FromTicks(UpperMicros(i) * 10);
            }
        }

        return TimeSpan.FromTicks(UpperMicros(Buckets - 1) * 10);
    }

    /// <summary>Adds <paramref name="other"/>'s counts to this one's (the starts and workers of one station).</summary>
    public void Add(DurationHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < Buckets; i++)
        {
            Interlocked.Add(ref counts[i], Volatile.Read(ref other.counts[i]));
        }
    }

    /// <summary>The counts as text, <c>bucket:count</c> pairs of the buckets that have any, comma-separated: what the ledger keeps.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (int i = 0; i < Buckets; i++)
        {
            long count = Volatile.Read(ref counts[i]);
            if (count != 0)
            {
                text.Append(text.Length == 0 ? string.Empty : ",").Append(i.ToString(CultureInfo.InvariantCulture)).Append(':')
                    .Append(count.ToString(CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    /// <summary>Reads counts written by <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">The text is not such counts.</exception>
    public static DurationHistogram Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var histogram = new DurationHistogram();
        foreach (string pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0
                || !int.TryParse(pair.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int bucket)
                || bucket >= Buckets
                || !long.TryParse(pair.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long count))
            {
                throw new FormatException($"'{pair}' in duration counts '{text}' is not bucket:count (a bucket below {Buckets}).");
            }

            histogram.counts[bucket] += count;
        }

        return histogram;
    }

    private static int Bucket(long micros)
    {
        if (micros < 4)
        {
            return micros < 0 ? 0 : (int)micros;
        }

        int power = BitOperations.Log2((ulong)micros);
        int quarter = (int)(micros >> (power - 2)) & 3;
        return (4 * power) - 4 + quarter;
    }

    private static long UpperMicros(int bucket)
    {
        if (bucket < 4)
        {
            return bucket;
        }

        int power = (bucket / 4) + 1;
        long lower = (4L + (bucket % 4)) << (power - 2);
        return lower + (1L << (power - 2)) - 1;
    }
}
