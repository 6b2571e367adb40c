using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger.Sqlite;
using Factory.Telemetry;
using Factory.Testing;
using RabbitMQ.Client;
using Xunit;
using Xunit.Abstractions;

namespace Factory.RabbitMQ.Tests;

/// <summary>
/// Checkout's two stations in two worker processes, one each: a material's Print span (in one worker)
/// is a child of its Price span (in the other), which is a child of the material's span at the caller.
/// Each worker writes the spans it records to a file. A material the caller's sampler drops is dropped
/// in the workers too.
/// </summary>
public sealed class TraceTests(ITestOutputHelper output) : IDisposable
{
    private const int Materials = 50;

    private readonly string directory = Directory.CreateTempSubdirectory("factory-trace-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task A_station_span_in_one_worker_is_a_child_of_the_upstream_stations_span_in_another()
    {
        var callers = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryNames.Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = callers.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        (string runId, Dictionary<long, Span> prices, Dictionary<long, Span> prints) = await RunInTwoWorkersAsync();

        Dictionary<long, Activity> materialSpans = MaterialSpans(callers, runId);
        output.WriteLine($"{Materials} materials: {materialSpans.Count} material spans at the caller (pid {Environment.ProcessId}), " +
            $"{prices.Count} Price spans, {prints.Count} Print spans in the workers");
        Assert.Equal(Materials, materialSpans.Count);
        foreach ((long id, Activity material) in materialSpans)
        {
            Span price = prices[id];
            Span print = prints[id];
            Assert.Equal((material.TraceId.ToHexString(), material.SpanId.ToHexString()), (price.TraceId, price.ParentSpanId));
            Assert.Equal((price.TraceId, price.SpanId), (print.TraceId, print.ParentSpanId));
        }

        Span first = prints[materialSpans.Keys.Min()];
        output.WriteLine($"e.g. material {materialSpans.Keys.Min()}: trace {first.TraceId}, Price span {prices[materialSpans.Keys.Min()].SpanId} (parent {prices[materialSpans.Keys.Min()].ParentSpanId}), Print span {first.SpanId} (parent {first.ParentSpanId})");
    }

    [Fact]
    public async Task A_material_the_callers_sampler_drops_is_dropped_by_the_workers_parent_based_samplers_too()
    {
        // Parent-based at the caller, as the OpenTelemetry SDK's: a root it drops is kept for propagation
        // only, the child of an unsampled parent is dropped. It keeps every other material; each worker's
        // sampler (SpanFile) keeps any root. A dropped material must reach both workers unsampled, not as
        // a root: no span of it anywhere, while the kept ones are traced across both workers.
        var callers = new ConcurrentQueue<Activity>();
        int entered = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryNames.Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
            {
                if (options.Parent != default)
                {
                    return options.Parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None;
                }

                bool keep = options.Name == TelemetryNames.MaterialSpan && Interlocked.Increment(ref entered) % 2 == 0;
                return keep ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.PropagationData;
            },
            ActivityStopped = callers.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        (string runId, Dictionary<long, Span> prices, Dictionary<long, Span> prints) = await RunInTwoWorkersAsync();

        Dictionary<long, Activity> kept = MaterialSpans(callers, runId);
        output.WriteLine($"{Materials} materials: {kept.Count} kept at the caller; {prices.Count} Price spans, {prints.Count} Print spans in the workers");
        Assert.Equal(Materials / 2, kept.Count);
        Assert.Equal(kept.Keys.Order(), prices.Keys.Order());
        Assert.Equal(kept.Keys.Order(), prints.Keys.Order());
        foreach ((long id, Activity material) in kept)
        {
            Assert.Equal((material.TraceId.ToHexString(), material.SpanId.ToHexString()), (prices[id].TraceId, prices[id].ParentSpanId));
            Assert.Equal((prices[id].TraceId, prices[id].SpanId), (prints[id].TraceId, prints[id].ParentSpanId));
        }
    }

    /// <summary>
    /// Runs <see cref="Materials"/> orders through Checkout, Price in one worker process and Print in another;
    /// the run's id and the spans each worker recorded (by material id).
    /// </summary>
    private async Task<(string RunId, Dictionary<long, Span> Prices, Dictionary<long, Span> Prints)> RunInTwoWorkersAsync()
    {
        string ledgerPath = Path.Combine(directory, "ledger.db");
        await using (SqliteLedger.Open(ledgerPath))
        {
        }

        await TestBroker.PurgeAsync(LineTopology.For(Checkout.Descriptor));
        string priceSpans = Path.Combine(directory, "price.spans");
        string printSpans = Path.Combine(directory, "print.spans");
        WorkerProcess pricing = await WorkerProcess.StartAsync(ledgerPath, "pricing", null, ("FACTORY_TEST_STATIONS", "Price"), ("FACTORY_TEST_SPANS", priceSpans));
        WorkerProcess printing = await WorkerProcess.StartAsync(ledgerPath, "printing", null, ("FACTORY_TEST_STATIONS", "Print"), ("FACTORY_TEST_SPANS", printSpans));
        string runId;
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await using SqliteLedger ledger = SqliteLedger.Open(ledgerPath);
            await using IConnection connection = await TestBroker.ConnectAsync();
            LineRun<Order, Receipt> run = new Checkout(new Price(), new Print()).Start(
                new RunOptions { Transport = new RabbitMqTransport(connection, CheckoutJson.Default), Observers = [ledger.Observe()] }, cancel.Token);
            runId = run.RunId;
            for (int i = 1; i <= Materials; i++)
            {
                await run.Input.WriteAsync(new Order(i, "c"), cancel.Token);
            }

            run.Input.Complete();
            int receipts = 0;
            await foreach (Receipt _ in run.Output.ReadAllAsync(cancel.Token))
            {
                receipts++;
            }

            Assert.Equal(Materials, receipts);
            Assert.Equal(LineOutcome.Completed, (await run.Completion).Outcome);
        }
        finally
        {
            // Stopping a worker closes its span file.
            output.WriteLine($"pid {pricing.Pid}: " + await pricing.StopAsync());
            output.WriteLine($"pid {printing.Pid}: " + await printing.StopAsync());
        }

        return (runId, Span.Read(priceSpans, TelemetryNames.StationSpan + " Price"), Span.Read(printSpans, TelemetryNames.StationSpan + " Print"));
    }

    /// <summary>The material spans the caller recorded in run <paramref name="runId"/>, by material id.</summary>
    private static Dictionary<long, Activity> MaterialSpans(IEnumerable<Activity> stopped, string runId) =>
        stopped
            .Where(a => a.Recorded && a.DisplayName == TelemetryNames.MaterialSpan && (string?)a.GetTagItem(TelemetryNames.RunId) == runId)
            .ToDictionary(a => (long)a.GetTagItem(TelemetryNames.MaterialId)!);

    /// <summary>A span a worker wrote to its file.</summary>
    private sealed record Span(string TraceId, string SpanId, string ParentSpanId)
    {
        /// <summary>The spans named <paramref name="name"/> in <paramref name="path"/>, by material id.</summary>
        public static Dictionary<long, Span> Read(string path, string name) =>
            File.ReadAllLines(path)
                .Select(line => line.Split('\t'))
                .Where(fields => fields[0] == name)
                .ToDictionary(fields => long.Parse(fields[4], System.Globalization.CultureInfo.InvariantCulture), fields => new Span(fields[1], fields[2], fields[3]));
    }
}
