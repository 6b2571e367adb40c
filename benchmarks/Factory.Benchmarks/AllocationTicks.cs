using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Linq;

namespace Factory.Benchmarks;

/// <summary>
/// The runtime's allocation samples (an event about every 100 KB allocated, naming the type that crossed it),
/// counted by type: which types make up what a run allocates, without a profiler.
/// </summary>
internal sealed class AllocationTicks : EventListener
{
    private readonly ConcurrentDictionary<string, long> bytes = new(StringComparer.Ordinal);

    public bool Counting { get; set; }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!Counting || eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        int type = eventData.PayloadNames!.IndexOf("TypeName");
        int amount = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (type < 0 || amount < 0)
        {
            return;
        }

        int kind = eventData.PayloadNames.IndexOf("AllocationKind");
        string key = (kind >= 0 && Convert.ToInt32(eventData.Payload[kind], CultureInfo.InvariantCulture) == 1 ? "(large) " : string.Empty) + (string)eventData.Payload[type]!;
        bytes.AddOrUpdate(key, Convert.ToInt64(eventData.Payload[amount], CultureInfo.InvariantCulture), (_, sum) => sum + Convert.ToInt64(eventData.Payload[amount], CultureInfo.InvariantCulture));
    }

    /// <summary>The types that took the most, with their share of the samples.</summary>
    public IEnumerable<string> Top(int count)
    {
        long total = Math.Max(1, bytes.Values.Sum());
        return bytes.OrderByDescending(pair => pair.Value).Take(count)
            .Select(pair => string.Create(CultureInfo.InvariantCulture, $"{100.0 * pair.Value / total,5:0.0}%  {pair.Key}"));
    }
}
