using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Factory.AI.Providers;
using Factory.Ledger;
using Factory.Ledger.Sqlite;
using Factory.Telemetry;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Factory.AI.Tests;

/// <summary>
/// A server that answers 401 and echoes the API key in its body ("Incorrect API key provided: sk-…"),
/// in full and partly masked: no part of the key of 8 characters or more may reach the exception, the
/// model-call event, the spans, the logs, the dead letter or the ledger's files.
/// </summary>
public sealed class ApiKeyTests
{
    private const string Key = "sk-proj-Q7x2Lm9Kt4Vb8Nw1Zr6Yp3Hs0Jd5Fg";

    /// <summary>What OpenAI-compatible servers answer to a wrong key: part of it, masked, and (a careless gateway) all of it.</summary>
    private static readonly Reply Unauthorised = Reply.Error(401) with
    {
        Text = $"Incorrect API key provided: {Key[..14]}{new string('*', 20)}{Key[^4..]}. (gateway saw Authorization: Bearer {Key})",
    };

    [Fact]
    public async Task The_key_a_401_echoes_leaves_the_engine_in_no_exception_event_or_span()
    {
        using var server = new FakeModelServer(_ => Unauthorised);
        ModelCatalog models = new ModelCatalog().Add(ModelCatalog.DefaultName, Client(server), Models.Fast);
        var events = new List<ModelCallEvent>();
        models.ModelCalled += events.Add;
        using var spans = new Spans();
        using var root = new Activity("api-key-test").Start();

        ModelEndpointException failure = await Assert.ThrowsAsync<ModelEndpointException>(async () =>
            await ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(), models, new Ticket("T-1", "x"), null, CancellationToken.None));
        root.Stop();

        Assert.Equal(401, failure.StatusCode);
        Assert.Contains("Incorrect API key provided", failure.Message, StringComparison.Ordinal);
        AssertNoKey(failure.ToString());
        for (Exception? inner = failure; inner is not null; inner = inner.InnerException)
        {
            AssertNoKey(inner.Message);
        }

        AssertNoKey(Assert.Single(events).Error);
        Activity chat = Assert.Single(spans.Of(root.TraceId), s => s.OperationName == TelemetryNames.ModelSpan);
        Assert.Equal(ActivityStatusCode.Error, chat.Status);
        Assert.Contains("401", chat.StatusDescription, StringComparison.Ordinal);
        spans.AssertNoKey(root.TraceId);
    }

    [Fact]
    public async Task The_key_a_401_echoes_reaches_no_dead_letter_log_span_or_ledger_file()
    {
        using var server = new FakeModelServer(_ => Unauthorised);
        ModelCatalog models = new ModelCatalog().Add("small", Client(server), Models.Fast);
        using var spans = new Spans();
        var logs = new Logs();
        string folder = Path.Combine(Path.GetTempPath(), "factory-ai-key-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            LineReport report;
            DeadLetterRecord recorded;
            await using (var ledger = new SqliteLedger(Path.Combine(folder, "ledger.db")))
            {
                var line = new ComplaintLine(new ExtractPainPoints(models));
                LineRun<Complaint, PainPoints> run = line.Start(new RunOptions { RunId = "key-run", Logger = logs, Observers = [ledger.Observe(new LedgerObserveOptions { Provenance = ProvenanceLevel.Full })] });
                await run.Input.WriteAsync(new Complaint("C-1", "I was charged twice", new Customer("Ann", null), 2, null));
                run.Input.Complete();
                await foreach (PainPoints _ in run.Output.ReadAllAsync())
                {
                }

                report = await run.Completion;
                recorded = Assert.Single(await ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "key-run" }));
            }

            DeadLetter letter = Assert.Single(report.DeadLetters);
            Assert.Contains("Incorrect API key provided", letter.Message, StringComparison.Ordinal);
            AssertNoKey(letter.Message);
            AssertNoKey(letter.ToString());
            AssertNoKey(recorded.Message);
            Assert.Contains(logs.Lines, l => l.Contains("dead letter", StringComparison.Ordinal) && l.Contains("Incorrect API key", StringComparison.Ordinal));
            Assert.All(logs.Lines, AssertNoKey);
            Activity[] traced = spans.OfRun(report.RunId);
            Assert.Contains(traced, s => s.OperationName == TelemetryNames.ModelSpan && s.Status == ActivityStatusCode.Error);
            spans.AssertNoKey(traced);

            byte[] bytes = [.. Directory.GetFiles(folder).SelectMany(File.ReadAllBytes)];
            Assert.True(bytes.AsSpan().IndexOf("Incorrect API key provided"u8) >= 0, "the ledger holds the dead letter's message");
            foreach (string part in Parts())
            {
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(part)));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_failure_quoting_a_catalog_key_from_a_wrapping_client_leaves_the_engine_without_it()
    {
        using var server = new FakeModelServer(_ => Reply.Ok("""{"Category":"billing","Urgency":1}"""));
        var careless = new Careless(Client(server));
        ModelCatalog models = new ModelCatalog().Add(ModelCatalog.DefaultName, careless, Models.Fast with { MaxRetries = 0 });

        ModelEndpointException failure = await Assert.ThrowsAsync<ModelEndpointException>(async () =>
            await ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(), models, new Ticket("T-1", "x"), null, CancellationToken.None));

        Assert.Equal("System.InvalidOperationException: request with key *** refused", failure.Message);
        Assert.Null(failure.InnerException);
    }

    [Fact]
    public async Task A_cancelled_call_whose_failure_quotes_no_key_stays_the_cancellation_it_was()
    {
        // HttpClient's cancelled read: HttpIOException builds its message anew on every read.
        var cancelled = new TaskCanceledException("The operation was canceled.", new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        using var server = new FakeModelServer(_ => Reply.Ok("""{"Category":"billing","Urgency":1}"""));
        ModelCatalog models = new ModelCatalog().Add(ModelCatalog.DefaultName, new Throwing(Client(server), cancelled), Models.Fast with { MaxRetries = 0 });

        TaskCanceledException thrown = await Assert.ThrowsAsync<TaskCanceledException>(() =>
            Microsoft.Extensions.AI.ChatClientExtensions.GetResponseAsync(models.Entries[ModelCatalog.DefaultName].Pipeline, "hello"));

        Assert.Same(cancelled, thrown);
        Assert.False(ApiKeys.Quoted(cancelled, models.Keys));
    }

    private static Microsoft.Extensions.AI.IChatClient Client(FakeModelServer server) =>
        new OpenAICompatibleOptions { Endpoint = server.Endpoint, ApiKey = Key, Model = "fake-model" }.CreateChatClient();

    /// <summary>Every 8-character part of the key: text holding any longer part holds one of these.</summary>
    private static IEnumerable<string> Parts() =>
        Enumerable.Range(0, Key.Length - SecretRedactor.KeyFragmentLength + 1).Select(i => Key.Substring(i, SecretRedactor.KeyFragmentLength));

    private static void AssertNoKey(string? text)
    {
        foreach (string part in Parts())
        {
            Assert.DoesNotContain(part, text ?? string.Empty, StringComparison.Ordinal);
        }
    }

    /// <summary>Middleware that quotes the key it wraps in its own failure.</summary>
    private sealed class Careless(Microsoft.Extensions.AI.IChatClient inner) : Microsoft.Extensions.AI.DelegatingChatClient(inner)
    {
        public override Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"request with key {Key} refused");
    }

    /// <summary>Middleware that fails every call with <paramref name="failure"/>.</summary>
    private sealed class Throwing(Microsoft.Extensions.AI.IChatClient inner, Exception failure) : Microsoft.Extensions.AI.DelegatingChatClient(inner)
    {
        public override Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromException<Microsoft.Extensions.AI.ChatResponse>(failure);
    }

    /// <summary>Every span stopped while the test runs (listeners are process-wide: tests filter by trace).</summary>
    private sealed class Spans : IDisposable
    {
        private readonly ConcurrentQueue<Activity> stopped = new();
        private readonly ActivityListener listener;

        public Spans()
        {
            listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == TelemetryNames.Source,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = stopped.Enqueue,
            };
            ActivitySource.AddActivityListener(listener);
        }

        public Activity[] Of(ActivityTraceId trace) => [.. stopped.Where(a => a.TraceId == trace)];

        public Activity[] OfRun(string runId)
        {
            HashSet<ActivityTraceId> traces = [.. stopped.Where(a => (string?)a.GetTagItem(TelemetryNames.RunId) == runId).Select(a => a.TraceId)];
            return [.. stopped.Where(a => traces.Contains(a.TraceId))];
        }

        public void AssertNoKey(ActivityTraceId trace) => AssertNoKey(Of(trace));

        public void AssertNoKey(IEnumerable<Activity> spans)
        {
            foreach (Activity span in spans)
            {
                ApiKeyTests.AssertNoKey(span.DisplayName);
                ApiKeyTests.AssertNoKey(span.StatusDescription);
                foreach (KeyValuePair<string, object?> tag in span.TagObjects)
                {
                    ApiKeyTests.AssertNoKey(tag.Value?.ToString());
                }

                foreach (ActivityEvent activityEvent in span.Events)
                {
                    ApiKeyTests.AssertNoKey(activityEvent.Name);
                    foreach (KeyValuePair<string, object?> tag in activityEvent.Tags)
                    {
                        ApiKeyTests.AssertNoKey(tag.Value?.ToString());
                    }
                }
            }
        }

        public void Dispose() => listener.Dispose();
    }

    private sealed class Logs : ILogger
    {
        private readonly ConcurrentQueue<string> lines = new();

        public IReadOnlyCollection<string> Lines => lines;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
    }
}
