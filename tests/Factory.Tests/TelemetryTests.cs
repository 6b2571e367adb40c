using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Factory.Telemetry;
using Factory.Tests.Stations;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Factory.Tests;

/// <summary>
/// Listeners are process-wide, so these tests run alone (no other test's spans or measurements mix
/// in) and each filters by its own run id.
/// </summary>
[Collection(nameof(TelemetryTests))]
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_run_makes_a_span_and_each_attempt_a_child_of_its_material()
    {
        using var spans = new SpanRecorder();
        var line = new RetryLine(new AddOne(), new Flaky(i => i == 3 ? 5 : i == 2 ? 1 : 0), new Twice());

        var (_, report) = await Collect.RunToEndAsync(line.Start(), new[] { 0, 1, 2 });

        Activity[] mine = spans.Of(report.RunId);
        Activity run = Assert.Single(mine, a => a.OperationName == "factory.run RetryLine");
        Assert.Equal(report.Job.Id, run.GetTagItem(TelemetryNames.JobId));
        Assert.Equal("default", run.GetTagItem(TelemetryNames.Tenant));
        Activity[] materials = mine.Where(a => a.OperationName == TelemetryNames.MaterialSpan).ToArray();
        Assert.Equal(3, materials.Length);
        Assert.All(materials, m => Assert.Contains(m.Links, l => l.Context.SpanId == run.SpanId));

        // Inputs become 1, 2, 3 at AddOne: Flaky fails 2 once, and 3 on all of its three attempts (a dead letter).
        Activity[] flaky = mine.Where(a => a.OperationName == "factory.station Flaky").ToArray();
        Assert.Equal(1 + 2 + 3, flaky.Length);
        Assert.Equal(4, flaky.Count(a => (string?)a.GetTagItem(TelemetryNames.Outcome) == "failed"));
        Assert.All(flaky.Where(a => a.Status == ActivityStatusCode.Error), a => Assert.Equal(typeof(InvalidOperationException).FullName, a.GetTagItem(TelemetryNames.ErrorType)));
        Assert.Equal([1, 1, 1, 2, 2, 3], flaky.Select(a => (int)a.GetTagItem(TelemetryNames.Attempt)!).Order());

        // Flaky retries, so no station is fused with a plain one before or after it: a span per station.
        // The material's run and id are in its own span, the parent of its stations'.
        foreach (Activity attempt in mine.Where(a => a.OperationName.StartsWith("factory.station", StringComparison.Ordinal)))
        {
            Activity material = Assert.Single(materials, m => m.SpanId == attempt.ParentSpanId);
            Assert.Equal(material.TraceId, attempt.TraceId);
            Assert.Equal(attempt.OperationName[(TelemetryNames.StationSpan.Length + 1)..], attempt.GetTagItem(TelemetryNames.Station));
            Assert.Null(attempt.GetTagItem(TelemetryNames.MaterialId));
        }

        Assert.Single(report.DeadLetters);
        Assert.Equal(2, mine.Count(a => a.OperationName == "factory.station Twice"));
    }

    [Fact]
    public async Task Plain_synchronous_stations_run_as_one_step_make_one_span_that_names_them_and_the_one_that_failed()
    {
        // AddOne, Checker and Twice are plain and synchronous: one worker runs them as one step, fused,
        // and a material's pass through them is one span (not three), a child of the material's span.
        using var spans = new SpanRecorder();
        var line = new CheckedLine(new AddOne(), new FailsOn(i => i == 3), new Twice());

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), new[] { 0, 1, 2 });

        Assert.Equal(new[] { 2, 4 }, outputs);
        Activity[] mine = spans.Of(report.RunId);
        Activity[] materials = mine.Where(a => a.OperationName == TelemetryNames.MaterialSpan).ToArray();
        Activity[] steps = mine.Where(a => a.OperationName.StartsWith(TelemetryNames.StationSpan, StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, materials.Length);
        Assert.Equal(3, steps.Length);
        Assert.All(steps, s => Assert.Equal("factory.station AddOne > Checker > Twice", s.OperationName));
        foreach (Activity material in materials)
        {
            Activity step = Assert.Single(steps, s => s.ParentSpanId == material.SpanId);
            Assert.Equal(material.TraceId, step.TraceId);
            Assert.Equal(report.RunId, material.GetTagItem(TelemetryNames.RunId));
        }

        // Input 2 became 3 at AddOne, and Checker refused it: the span names the station, its version and the failure.
        Activity failed = Assert.Single(steps, s => s.Status == ActivityStatusCode.Error);
        Assert.Equal(3L, materials.Single(m => m.SpanId == failed.ParentSpanId).GetTagItem(TelemetryNames.MaterialId));
        Assert.Equal("Checker", failed.GetTagItem(TelemetryNames.Station));
        Assert.Equal("7", failed.GetTagItem(TelemetryNames.StationVersion));
        Assert.Equal("failed", failed.GetTagItem(TelemetryNames.Outcome));
        Assert.Equal(typeof(ArgumentException).FullName, failed.GetTagItem(TelemetryNames.ErrorType));
        Assert.Equal("value 3 is not allowed", failed.StatusDescription);
        Assert.Single(report.DeadLetters);

        // The others went through: status Ok, and nothing per material to tag (what ran is in the name).
        Assert.All(steps.Where(s => s != failed), s =>
        {
            Assert.Equal(ActivityStatusCode.Ok, s.Status);
            Assert.Empty(s.TagObjects);
        });
    }

    [Fact]
    public async Task The_span_of_stations_run_as_one_step_is_current_while_each_of_them_works()
    {
        // So what a fused station calls (an HttpClient, its own ActivitySource) nests under the step.
        using var spans = new SpanRecorder();
        var sees = new SeesSpan();

        var (_, report) = await Collect.RunToEndAsync(new SeenLine(new AddOne(), sees, new Twice()).Start(), Enumerable.Range(0, 5));

        Activity[] steps = spans.Of(report.RunId).Where(a => a.OperationName == "factory.station AddOne > SeesSpan > Twice").ToArray();
        Assert.Equal(5, steps.Length);
        Assert.Equal(5, sees.Seen.Count);
        Assert.All(sees.Seen, current => Assert.Contains(current, steps));
        Assert.Equal(5, sees.Seen.Distinct().Count());
    }

    [Fact]
    public async Task A_material_the_sampler_drops_starts_no_station_span_and_asks_the_sampler_nothing_more()
    {
        // A parent-based sampler that keeps every other material: a dropped material's stations take
        // the fast path (no span, no question to the sampler); a kept one's spans are its children.
        var asked = new ConcurrentQueue<string>();
        var stopped = new ConcurrentQueue<Activity>();
        using ActivityListener listener = ParentBasedKeepingEvery(2, stopped, asked);
        var line = new Arithmetic(new AddOne(), new Twice(), new Negate());

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), Enumerable.Range(0, 10));

        Assert.Equal(10, outputs.Count);
        Activity[] kept = stopped.Where(a => a.OperationName == TelemetryNames.MaterialSpan && (string?)a.GetTagItem(TelemetryNames.RunId) == report.RunId).ToArray();
        Assert.Equal([1L, 3L, 5L, 7L, 9L], kept.Select(m => (long)m.GetTagItem(TelemetryNames.MaterialId)!).Order());
        Activity[] steps = stopped.Where(a => kept.Any(m => m.TraceId == a.TraceId) && a.OperationName.StartsWith(TelemetryNames.StationSpan, StringComparison.Ordinal)).ToArray();
        Assert.Equal(5, steps.Length);
        Assert.All(steps, a => Assert.Equal(kept.Single(m => m.TraceId == a.TraceId).SpanId, a.ParentSpanId));
        Assert.Equal(5, stopped.Count(a => a.OperationName.StartsWith(TelemetryNames.StationSpan, StringComparison.Ordinal)));

        // The run's span, ten materials, and the one step (three fused stations) of each of the five kept:
        // nothing for the stations of the dropped.
        Assert.Equal(1 + 10 + 5, asked.Count);
    }

    [Fact]
    public async Task Takes_of_dropped_materials_go_through_a_chain_of_functions_at_once_and_the_kept_materials_keep_their_spans()
    {
        // Three function stations, 2,000 materials, a sampler that keeps every 100th: once quick, the worker
        // maps whole takes of dropped materials a station at a time (no span to make); a take with a kept
        // material goes material by material, and that material's one step is recorded as before.
        var stopped = new ConcurrentQueue<Activity>();
        using ActivityListener listener = ParentBasedKeepingEvery(100, stopped);
        var line = new Arithmetic(new AddOne(), new Twice(), new Negate());

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), Enumerable.Range(0, 2_000));

        Assert.Equal(Enumerable.Range(0, 2_000).Select(i => -2 * (i + 1)).Order(), outputs.Order());
        Activity[] kept = stopped.Where(a => a.OperationName == TelemetryNames.MaterialSpan && (string?)a.GetTagItem(TelemetryNames.RunId) == report.RunId).ToArray();
        Assert.Equal(20, kept.Length);
        Activity[] steps = stopped.Where(a => a.OperationName.StartsWith(TelemetryNames.StationSpan, StringComparison.Ordinal)).ToArray();
        Assert.Equal(20, steps.Length);
        Assert.All(steps, a => Assert.Equal(kept.Single(m => m.TraceId == a.TraceId).SpanId, a.ParentSpanId));
        Assert.Equal([2_000L, 2_000L, 2_000L], report.Stations.Select(s => s.Out));
    }

    /// <summary>
    /// A parent-based sampler, as the OpenTelemetry SDK's, that keeps the first material of every
    /// <paramref name="every"/> (and every other root): the spans it stops go to <paramref name="stopped"/>,
    /// the names it is asked about to <paramref name="asked"/>.
    /// </summary>
    private static ActivityListener ParentBasedKeepingEvery(int every, ConcurrentQueue<Activity> stopped, ConcurrentQueue<string>? asked = null)
    {
        int materials = 0;
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryNames.Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
            {
                asked?.Enqueue(options.Name);
                if (options.Parent != default)
                {
                    return options.Parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None;
                }

                bool keep = options.Name != TelemetryNames.MaterialSpan || System.Threading.Interlocked.Increment(ref materials) % every == 1;
                return keep ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None;
            },
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    [Fact]
    public void A_dropped_material_travels_unsampled_with_the_trace_id_its_sampler_was_asked_about()
    {
        // What a transport sends (RemoteTrace.Of) for a material the sampler drops, as the OpenTelemetry SDK
        // drops a root (kept for propagation only) or a child (none), and for one it keeps.
        ActivitySamplingResult materials = ActivitySamplingResult.PropagationData;
        ActivityTraceId asked = default;
        bool look = true;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryNames.Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
            {
                // The trace id offered to a root is made when the sampler reads it.
                asked = look ? options.TraceId : default;
                return materials;
            },
        };
        ActivitySource.AddActivityListener(listener);

        // A root kept for propagation only: its span, never started, kept the trace id; a new parent id.
        ActivityContext propagated = Sent();
        Assert.Equal(asked, propagated.TraceId);
        Assert.NotEqual(default, propagated.SpanId);
        Assert.Equal(ActivityTraceFlags.None, propagated.TraceFlags);

        // One whose sampler never read the trace id (none was made): a new one.
        look = false;
        Assert.Equal(ActivityTraceFlags.None, Sent().TraceFlags);
        look = true;

        // Dropped under a caller's span (sampled, yet the sampler dropped the material): the caller's trace
        // and span, sampled flag off, and its trace state.
        using var caller = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C);
        caller.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        caller.TraceStateString = "vendor=1";
        caller.Start();
        materials = ActivitySamplingResult.None;
        Material<int> dropped = Material<int>.Entering(1, 0, new JobOrder("trace-tests")) with { Trace = RunSpan.Enter(null, "run", 1) };
        caller.Stop();
        Assert.True(MaterialTrace.IsUnsampled(dropped.Trace));
        Assert.Equal($"00-{caller.TraceId}-{caller.SpanId}-00", Runtime.RemoteTrace.Of(dropped));
        Assert.Equal("vendor=1", Runtime.RemoteTrace.StateOf(dropped));

        // Dropped with no caller: no trace id to keep, a new one, unsampled all the same.
        Assert.Equal(ActivityTraceFlags.None, Sent().TraceFlags);

        // Kept: its own span.
        materials = ActivitySamplingResult.AllDataAndRecorded;
        Material<int> kept = Material<int>.Entering(1, 0, new JobOrder("trace-tests")) with { Trace = RunSpan.Enter(null, "run", 1) };
        Assert.False(MaterialTrace.IsUnsampled(kept.Trace));
        Activity span = Assert.IsType<Activity>(kept.Trace);
        Assert.Equal($"00-{span.TraceId}-{span.SpanId}-{(int)span.ActivityTraceFlags:x2}", Runtime.RemoteTrace.Of(kept));
        Assert.True(span.Recorded);

        ActivityContext Sent()
        {
            Material<int> material = Material<int>.Entering(1, 0, new JobOrder("trace-tests")) with { Trace = RunSpan.Enter(null, "run", 1) };
            Assert.True(MaterialTrace.IsUnsampled(material.Trace));
            Assert.True(ActivityContext.TryParse(Runtime.RemoteTrace.Of(material), null, out ActivityContext context), Runtime.RemoteTrace.Of(material));
            return context;
        }
    }

    [Fact]
    public async Task A_listener_attached_during_a_run_hears_the_attempts_from_the_next_take_on()
    {
        // Stations ask whether anyone listens once per take, not per material: a run that was going
        // before the listener came is heard from the worker's next take. A material that entered before
        // its line heard of the listener has no span of its own: its stations' span names it and its run.
        var line = new Arithmetic(new AddOne(), new Twice(), new Negate());
        LineRun<int, int> run = line.Start();
        await WriteAndReadAsync(run, 0, 100);

        using var spans = new SpanRecorder();
        await WriteAndReadAsync(run, 100, 100);
        run.Input.Complete();
        await run.Completion;

        Activity[] all = spans.All();
        long[] heard = all
            .Where(a => a.OperationName == "factory.station AddOne > Twice > Negate")
            .Select(a => (long)(a.GetTagItem(TelemetryNames.MaterialId) ?? all.Single(m => m.SpanId == a.ParentSpanId).GetTagItem(TelemetryNames.MaterialId))!)
            .Where(id => id > 100 && id <= 200)
            .Order()
            .ToArray();
        Assert.Equal(Enumerable.Range(101, 100).Select(i => (long)i), heard);
    }

    [Fact]
    public async Task A_material_keeps_its_trace_through_a_split_and_a_nested_line()
    {
        using var spans = new SpanRecorder();
        var line = new SplitNestedLine(new Repeat(), new Quadruple(new Twice(), new Twice()));

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), new[] { 2, 3 });

        Assert.Equal(new[] { 8, 8, 12, 12, 12 }, outputs);
        Activity[] mine = spans.Of(report.RunId);
        foreach (Activity material in mine.Where(a => a.OperationName == TelemetryNames.MaterialSpan))
        {
            Activity[] trace = mine.Where(a => a.TraceId == material.TraceId && a != material).ToArray();
            long input = (long)material.GetTagItem(TelemetryNames.MaterialId)!;
            int children = input == 1 ? 2 : 3;

            // One Repeat, then each child through both nested Twice stations (fused: one step, one span),
            // all in the material's trace; a child names itself and its parent, as it shares the parent's trace.
            Assert.Equal(1 + children, trace.Length);
            Activity[] steps = trace.Where(a => a.OperationName == "factory.station Quadruple/Twice > Quadruple/Twice").ToArray();
            Assert.Equal(children, steps.Length);
            Assert.Equal(children, steps.Select(a => a.GetTagItem(TelemetryNames.MaterialId)).Distinct().Count());
            Assert.All(steps, a => Assert.Equal(input, a.GetTagItem(TelemetryNames.ParentId)));
        }
    }

    [Fact]
    public async Task Metrics_equal_the_run_report()
    {
        using var metrics = new MetricRecorder();
        var line = new CheckedLine(new AddOne(), new FailsOn(i => i % 5 == 0), new Twice());

        var (_, report) = await Collect.RunToEndAsync(line.Start(), Enumerable.Range(0, 100));

        foreach (StationReport station in report.Stations)
        {
            Assert.Equal(station.In - station.DeadLettered, metrics.Sum(TelemetryNames.MaterialsProcessed, "CheckedLine", station.Name));
            Assert.Equal(station.DeadLettered, metrics.Sum(TelemetryNames.MaterialsDeadLettered, "CheckedLine", station.Name));
            Assert.Equal(station.In, metrics.Count(TelemetryNames.StationDuration, "CheckedLine", station.Name));
        }

        Assert.Equal(20, metrics.Sum(TelemetryNames.MaterialsDeadLettered, "CheckedLine", "Checker"));
    }

    [Fact]
    public async Task Queue_depth_is_observable_while_a_run_goes_on()
    {
        using var metrics = new MetricRecorder();
        using var gate = new System.Threading.SemaphoreSlim(0);
        var line = new GatedLine(new Gate(gate));
        LineRun<int, int> run = line.Start();
        await run.Input.WriteAsync(1);
        while (run.Stations[0].In == 0)
        {
            await Task.Delay(5);
        }

        await run.Input.WriteAsync(2);
        await run.Input.WriteAsync(3);
        metrics.Observe();

        Assert.Equal(2, metrics.Last(TelemetryNames.QueueDepth, "GatedLine", "Gate"));
        Assert.Equal(1, metrics.Last(TelemetryNames.InFlight, "GatedLine", "Gate"));
        gate.Release();
        run.Input.Complete();
        await run.Output.ReadAllAsync().ToListAsync();
        await run.Completion;
    }

    [Fact]
    public async Task A_secret_in_the_job_order_reaches_no_span_tag_metric_log_or_dead_letter()
    {
        const string Canary = "canary-7f3e-secret";
        using var spans = new SpanRecorder();
        using var metrics = new MetricRecorder();
        var logs = new LogRecorder();
        var job = new JobOrder("job-canary", "acme") { Secrets = new JobSecrets(new Dictionary<string, string> { ["api-key"] = Canary }) };
        var line = new SecretLine(new LeaksSecret());

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(new RunOptions { Job = job, Logger = logs }), new[] { 1, 2, 3 });

        Assert.Equal(new[] { 1, 3 }, outputs);
        DeadLetter letter = Assert.Single(report.DeadLetters);
        Assert.Equal("login failed with ***", letter.Message);
        Assert.DoesNotContain(Canary, letter.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, job.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, job.Secrets.ToString(), StringComparison.Ordinal);
        foreach (Activity span in spans.Of(report.RunId))
        {
            Assert.DoesNotContain(Canary, span.StatusDescription ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain(span.TagObjects, t => t.Value?.ToString()?.Contains(Canary, StringComparison.Ordinal) == true);
        }

        Assert.DoesNotContain(metrics.AllTags(), t => t.Contains(Canary, StringComparison.Ordinal));
        Assert.NotEmpty(logs.Lines);
        Assert.Contains(logs.Lines, l => l.Contains("dead letter", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Canary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Secrets_that_contain_one_another_are_masked_whole_in_the_dead_letter_the_logs_and_the_spans()
    {
        using var spans = new SpanRecorder();
        var logs = new LogRecorder();
        var job = new JobOrder("job-overlap", "acme")
        {
            // Added shortest first: replacing in this order left the rest of the URL and the token's suffix.
            Secrets = new JobSecrets(new Dictionary<string, string>
            {
                ["db-password"] = "s3cr3t-P@ss",
                ["db-url"] = "postgres://app:s3cr3t-P%40ss@db/x",
                ["tok-7Q2"] = "tok-7Q2",
                ["tok-7Q2-long"] = "tok-7Q2-ZX81abc",
            }),
        };
        string[] leaks = ["s3cr3t", "P%40ss", "postgres://", "@db/x", "ZX81abc", "tok-7Q2", Convert.ToBase64String("tok-7Q2-ZX81abc"u8)];

        var (outputs, report) = await Collect.RunToEndAsync(new ConnectionLine(new LeaksConnection()).Start(new RunOptions { Job = job, Logger = logs }), new[] { 1, 2, 3 });

        Assert.Equal(new[] { 1, 3 }, outputs);
        const string Expected = "connect to *** failed; retried with *** and token ***; auth ***";
        Assert.Equal(Expected, Assert.Single(report.DeadLetters).Message);
        Assert.Contains(logs.Lines, l => l.Contains("dead letter", StringComparison.Ordinal) && l.EndsWith(Expected, StringComparison.Ordinal));
        Activity failed = Assert.Single(spans.Of(report.RunId), s => s.Status == ActivityStatusCode.Error);
        Assert.Equal(Expected, failed.StatusDescription);
        foreach (string leak in leaks)
        {
            Assert.DoesNotContain(logs.Lines, l => l.Contains(leak, StringComparison.Ordinal));
            foreach (Activity span in spans.Of(report.RunId))
            {
                Assert.DoesNotContain(leak, span.StatusDescription ?? string.Empty, StringComparison.Ordinal);
                Assert.DoesNotContain(span.TagObjects, t => t.Value?.ToString()?.Contains(leak, StringComparison.Ordinal) == true);
            }
        }
    }

    [Fact]
    public async Task A_sensitive_field_reaches_no_span_tag_metric_log_or_dead_letter()
    {
        const string Canary = "4111-canary-1111";
        using var spans = new SpanRecorder();
        using var metrics = new MetricRecorder();
        var logs = new LogRecorder();
        var line = new ChargeLine(new Charge());

        var (outputs, report) = await Collect.RunToEndAsync(
            line.Start(new RunOptions { Logger = logs }),
            new[] { new Payment(1, "4111 1111 1111 1111"), new Payment(2, Canary), new Payment(3, "5500 0000 0000 0004") });

        Assert.Equal(new[] { 1, 3 }, outputs);
        DeadLetter letter = Assert.Single(report.DeadLetters);
        Assert.Equal(new Payment(2, "***"), letter.Input);
        Assert.DoesNotContain(Canary, letter.ToString(), StringComparison.Ordinal);
        foreach (Activity span in spans.Of(report.RunId))
        {
            Assert.DoesNotContain(span.TagObjects, t => t.Value?.ToString()?.Contains(Canary, StringComparison.Ordinal) == true);
        }

        Assert.DoesNotContain(metrics.AllTags(), t => t.Contains(Canary, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Canary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_input_refused_at_the_entry_is_kept_in_its_dead_letter_without_its_sensitive_members()
    {
        var line = new ChargeLine(new Charge());
        var job = new JobOrder("cards", "acme") { Budget = new JobBudget(MaxMaterials: 1) };

        var (outputs, report) = await Collect.RunToEndAsync(
            line.Start(new RunOptions { Job = job }),
            new[] { new Payment(1, "4111 1111 1111 1111"), new Payment(3, "5500 0000 0000 0004") });

        Assert.Equal(new[] { 1 }, outputs);
        DeadLetter letter = Assert.Single(report.DeadLetters);
        Assert.Equal("Factory.BudgetExhausted", letter.ExceptionType);
        Assert.Equal(new Payment(3, "***"), letter.Input);
    }

    [Fact]
    public async Task The_run_logs_its_start_end_retries_and_dead_letters()
    {
        var logs = new LogRecorder();
        var line = new FlakyLine(new Flaky(i => i));

        await Collect.RunToEndAsync(line.Start(new RunOptions { Logger = logs }), new[] { 0, 1, 5 });

        Assert.Contains(logs.Lines, l => l.StartsWith("Information: Run ", StringComparison.Ordinal) && l.Contains("started", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("ended Completed: 3 in, 2 out, 1 dead-lettered", StringComparison.Ordinal));
        Assert.Equal(1 + 2, logs.Lines.Count(l => l.StartsWith("Warning: Station Flaky will retry", StringComparison.Ordinal)));
        Assert.Single(logs.Lines, l => l.StartsWith("Error: Material 3 became a dead letter at station Flaky", StringComparison.Ordinal));
    }

    /// <summary>Writes <paramref name="count"/> inputs from <paramref name="from"/> and reads their outputs, so the line is idle after.</summary>
    private static async Task WriteAndReadAsync(LineRun<int, int> run, int from, int count)
    {
        for (int i = from; i < from + count; i++)
        {
            await run.Input.WriteAsync(i);
        }

        for (int i = 0; i < count; i++)
        {
            await run.Output.ReadAsync();
        }
    }
}
