using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;

namespace Factory.Benchmarks;

/// <summary>
/// <c>-- --broker-cpu [ledger|no-ledger|message-per-material] [shape]</c>: what <see cref="BrokerThroughput"/>'s
/// Factory variants cost the clients (the caller and the workers, all in this process; the broker is another
/// process) per material, as CPU time and bytes allocated rather than the wall clock, which on a shared machine
/// says more about the load than about the code. Warms up (the JIT's tiers), then measures several runs.
/// </summary>
internal static class BrokerCpu
{
    public static async Task<int> RunAsync(string[] args)
    {
        string variant = args.Length > 0 ? args[0] : "ledger";
        BrokerShape shape = args.Length > 1 ? Enum.Parse<BrokerShape>(args[1]) : BrokerShape.OneStation;
        int warmups = Setting("FACTORY_BROKER_CPU_WARMUPS", 30);
        int runs = Setting("FACTORY_BROKER_CPU_RUNS", 10);
        var bench = new BrokerThroughput { Shape = shape };
        using AllocationTicks? ticks = Environment.GetEnvironmentVariable("FACTORY_BROKER_CPU_TYPES") == "1" ? new AllocationTicks() : null;
        Func<Task<long>> run;
        switch (variant)
        {
            case "ledger":
                bench.StartFactoryWithLedger();
                run = bench.FactoryWithLedger;
                break;
            case "no-ledger":
                bench.StartFactoryWithoutLedger();
                run = bench.FactoryWithoutLedger;
                break;
            case "message-per-material":
                bench.StartFactoryMessagePerMaterial();
                run = bench.FactoryMessagePerMaterial;
                break;
            default:
                Console.Error.WriteLine($"--broker-cpu: unknown variant '{variant}' (ledger, no-ledger, message-per-material).");
                return 2;
        }

        try
        {
            for (int i = 0; i < warmups; i++)
            {
                await run().ConfigureAwait(false);
            }

            // Said so a profiler can attach for the measured runs alone (perf record -p).
            Console.WriteLine("measuring");
            ticks?.Counting = true;
            using Process process = Process.GetCurrentProcess();
            process.Refresh();
            TimeSpan cpu = process.TotalProcessorTime;
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            TimeSpan paused = GC.GetTotalPauseDuration();
            int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < runs; i++)
            {
                await run().ConfigureAwait(false);
            }

            clock.Stop();
            process.Refresh();
            double materials = (double)runs * BrokerMaterialsAttribute.Count;
            double cpuPer = (process.TotalProcessorTime - cpu).TotalMicroseconds / materials;
            double bytesPer = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / materials;
            double wallPer = clock.Elapsed.TotalMicroseconds / materials;
            double pausePer = (GC.GetTotalPauseDuration() - paused).TotalMicroseconds / materials;
            string gcs = $"{GC.CollectionCount(0) - collections[0]}/{GC.CollectionCount(1) - collections[1]}/{GC.CollectionCount(2) - collections[2]}";
            Console.WriteLine("| variant | shape | materials | CPU a material | allocated a material | GC pauses a material | collections gen 0/1/2 | wall clock a material |");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {variant} | {shape} | {materials:N0} | {cpuPer:0.0} µs | {bytesPer:N0} B | {pausePer:0.0} µs | {gcs} | {wallPer:0.0} µs |"));
            if (ticks is not null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"heap after a full collection: {GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:0.0} MiB, promoted in the last: {GC.GetGCMemoryInfo(GCKind.Any).PromotedBytes / 1048576.0:0.0} MiB"));
            }

            foreach (string line in ticks?.Top(40) ?? [])
            {
                Console.WriteLine(line);
            }

            return 0;
        }
        finally
        {
            bench.Stop();
        }
    }

    private static int Setting(string name, int otherwise) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : otherwise;
}
