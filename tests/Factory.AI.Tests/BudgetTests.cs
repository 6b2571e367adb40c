using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Factory.AI.Providers;
using Xunit;
using Xunit.Abstractions;

namespace Factory.AI.Tests;

/// <summary>
/// Token budgets against a server that uses the most a call may use (its input counted with the
/// structured-output schema, and all of max_tokens), or more: the hard cap holds, calls that can fit
/// wait for calls in flight instead of being refused, and an overage is recorded and stops later calls.
/// </summary>
public sealed class BudgetTests(ITestOutputHelper output)
{
    private const string Answer = """{"Category":"billing","Urgency":1}""";

    private static readonly Ticket Input = new("T-1", "My invoice is wrong");

    private static ValueTask<Summary> Run(ModelCatalog models, JobOrder job) =>
        ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(maxRepairs: 0), models, Input, null, CancellationToken.None, job);

    /// <summary>The most one call of <see cref="Run"/> may use, as the server counts it: one call with no budget, reported at its maximum.</summary>
    private static async Task<long> WorstCaseAsync()
    {
        using var probe = new FakeModelServer(_ => Reply.Ok(Answer) with { Usage = UsageReport.Maximum });
        var job = new JobOrder("probe");
        await Run(Models.For(probe), job);
        JsonElement request = Assert.Single(probe.Bodies).RootElement;
        long worst = FakeModelServer.CountInput(request) + FakeModelServer.MaxTokens(request);
        Assert.Equal(worst, JobSpend.Of(job).Tokens);
        return worst;
    }

    [Fact]
    public async Task The_reservation_counts_everything_sent_including_the_schema_in_response_format()
    {
        long worst = await WorstCaseAsync();
        using var server = new FakeModelServer(_ => Reply.Ok(Answer) with { Usage = UsageReport.Maximum });
        ModelCatalog models = Models.For(server);

        // Exactly the worst case fits, and the server's usage is exactly it.
        var exact = new JobOrder("exact") { Budget = new JobBudget(MaxTokens: worst) };
        await Run(models, exact);
        Assert.Equal(worst, JobSpend.Of(exact).Tokens);

        // One token less is refused before the call is made: the schema the server counts was reserved.
        var tight = new JobOrder("tight") { Budget = new JobBudget(MaxTokens: worst - 1) };
        BudgetExhaustedException refused = await Assert.ThrowsAsync<BudgetExhaustedException>(async () => await Run(models, tight));
        Assert.Equal($"budget exhausted: job 'tight' may use {worst - 1} tokens; 0 are spent, and this call may need {worst}", refused.Message);
        Assert.Equal(1, server.Requests);
        Assert.Equal(0, JobSpend.Of(tight).Tokens);
    }

    [Fact]
    public async Task Twenty_rounds_of_sixteen_calls_at_the_maximum_usage_stay_within_a_2000_token_budget()
    {
        const long Budget = 2_000;
        long worst = await WorstCaseAsync();
        long fit = Budget / worst;
        Assert.InRange(fit, 1, 15);
        output.WriteLine($"worst case {worst} tokens: {fit} calls fit in {Budget}");
        using var server = new FakeModelServer(_ => Reply.Ok(Answer) with { Usage = UsageReport.Maximum, Delay = TimeSpan.FromMilliseconds(20) });
        ModelCatalog models = Models.For(server, Models.Fast with { MaxConcurrency = 16 });

        for (int round = 0; round < 20; round++)
        {
            var job = new JobOrder("round-" + round) { Budget = new JobBudget(MaxTokens: Budget) };
            var refusals = new ConcurrentQueue<string>();
            int before = server.Requests;

            await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
            {
                try
                {
                    await Run(models, job);
                }
                catch (BudgetExhaustedException exception)
                {
                    refusals.Enqueue(exception.Message);
                }
            }));

            JobSpend spend = JobSpend.Of(job);
            Assert.True(spend.Tokens <= Budget, $"round {round}: spent {spend.Tokens} of {Budget}");
            Assert.Equal(fit * worst, spend.Tokens);
            Assert.Equal(fit, server.Requests - before);
            Assert.Equal(16 - fit, refusals.Count);
            Assert.All(refusals, message => Assert.Equal($"budget exhausted: job 'round-{round}' may use {Budget} tokens; {fit * worst} are spent, and this call may need {worst}", message));
            Assert.Equal((0L, 0), (spend.ReservedTokens, spend.Waiting));
        }
    }

    [Fact]
    public async Task Sixteen_workers_wait_for_calls_in_flight_and_only_materials_that_cannot_fit_are_refused()
    {
        const long Budget = 2_000;
        const int Used = 30;
        using var server = new FakeModelServer(_ => Reply.Ok(GeneratedUnitTests.Good, promptTokens: 20, completionTokens: Used - 20) with { Delay = TimeSpan.FromMilliseconds(30) })
        {
            BytesPerToken = 4,
        };
        ModelCatalog models = Models.For(server, Models.Fast with { MaxConcurrency = 16, InputBytesPerToken = 4 }, name: "small");
        var job = new JobOrder("sixteen") { Budget = new JobBudget(MaxTokens: Budget) };
        Complaint[] inputs = [.. Enumerable.Range(0, 64).Select(i => new Complaint("C-" + i, "I was charged twice", new Customer("Ann", null), 2, null))];

        LineRun<Complaint, PainPoints> run = new ParallelLine(new ParallelExtract(models)).Start(new RunOptions { Job = job });
        foreach (Complaint input in inputs)
        {
            await run.Input.WriteAsync(input);
        }

        run.Input.Complete();
        int delivered = 0;
        await foreach (PainPoints _ in run.Output.ReadAllAsync())
        {
            delivered++;
        }

        await run.Completion;

        // Every call sends the same request: its worst case as the server counts it (4 bytes a token, like the model's settings).
        JsonElement request = server.Bodies[0].RootElement;
        long worst = FakeModelServer.CountInput(request, 4) + FakeModelServer.MaxTokens(request);
        Assert.InRange(worst, 60, 600);

        // A call is refused only when the settled spend plus its worst case exceeds the budget: the
        // calls made are the first n with (n - 1) x 30 + worst <= 2,000.
        long expected = Math.Min(inputs.Length, ((Budget - worst) / Used) + 1);
        Assert.True(expected > 16, $"{expected} calls fit");
        output.WriteLine($"worst case {worst} tokens, {Used} used per call: {expected} of {inputs.Length} calls fit in {Budget}; most in flight at once {server.MaxInFlight}");
        JobSpend spend = JobSpend.Of(job);
        Assert.Equal(expected, delivered);
        Assert.Equal(expected, server.Requests);
        Assert.Equal(expected * Used, spend.Tokens);
        Assert.True(spend.Tokens <= Budget);
        Assert.True(server.MaxInFlight > 1, "the workers called the model concurrently");
        Assert.Equal(inputs.Length - expected, run.DeadLetters.Count);
        Assert.All(run.DeadLetters, letter => Assert.Equal($"budget exhausted: job 'sixteen' may use {Budget} tokens; {expected * Used} are spent, and this call may need {worst}", letter.Message));
    }

    [Fact]
    public async Task A_server_reporting_more_than_the_maximum_has_its_usage_recorded_and_later_calls_are_refused()
    {
        long worst = await WorstCaseAsync();
        using var server = new FakeModelServer(_ => Reply.Ok(Answer) with { Usage = UsageReport.AboveMaximum, Overage = 50 });
        ModelCatalog models = Models.For(server);
        long budget = worst + 20;
        var job = new JobOrder("overage") { Budget = new JobBudget(MaxTokens: budget) };

        await Run(models, job);
        BudgetExhaustedException refused = await Assert.ThrowsAsync<BudgetExhaustedException>(async () => await Run(models, job));

        // The real usage is recorded: the budget is exceeded, by no more than the server's overage.
        JobSpend spend = JobSpend.Of(job);
        Assert.Equal(worst + 50, spend.Tokens);
        Assert.InRange(spend.Tokens - budget, 1, 50);
        Assert.Equal(1, server.Requests);
        Assert.Equal($"budget exhausted: job 'overage' may use {budget} tokens; {worst + 50} are spent, and this call may need {worst}", refused.Message);
    }

    /// <summary>An answer that comes only when the server is disposed: the client's timeout ends the attempt.</summary>
    private static Reply Hanging => Reply.Ok(Answer) with { Delay = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task An_attempt_that_timed_out_is_charged_its_worst_case_and_its_retry_reserves_its_own()
    {
        long worst = await WorstCaseAsync();
        using var server = new FakeModelServer(_ => Reply.Ok(Answer)).Then(Hanging);
        ModelCatalog models = Models.For(server, Models.Fast with { RequestTimeout = TimeSpan.FromSeconds(2), MaxRetries = 1 });
        var calls = new List<ModelCallEvent>();
        models.ModelCalled += calls.Add;
        var job = new JobOrder("timed-out");

        await Run(models, job);

        // The provider may have answered the first attempt after the client gave up, and billed it.
        JobSpend spend = JobSpend.Of(job);
        Assert.Equal(2, server.Requests);
        Assert.Equal(worst + 15, spend.Tokens);
        Assert.Equal(2, spend.Calls);

        // What the call reports is what the job was charged.
        ModelCallEvent call = Assert.Single(calls);
        Assert.Equal(worst + 15, call.InputTokens + call.OutputTokens);
    }

    [Fact]
    public async Task A_call_that_timed_out_counts_against_the_budget_so_the_next_one_that_cannot_fit_is_refused()
    {
        long worst = await WorstCaseAsync();
        using var server = new FakeModelServer(_ => Reply.Ok(Answer)).Then(Hanging);
        ModelCatalog models = Models.For(server, Models.Fast with { RequestTimeout = TimeSpan.FromSeconds(2), MaxRetries = 0 });
        var job = new JobOrder("timed-out-budget") { Budget = new JobBudget(MaxTokens: worst + 20) };

        Exception timedOut = await Assert.ThrowsAnyAsync<Exception>(async () => await Run(models, job));
        Assert.IsNotType<BudgetExhaustedException>(timedOut);
        BudgetExhaustedException refused = await Assert.ThrowsAsync<BudgetExhaustedException>(async () => await Run(models, job));

        Assert.Equal(1, server.Requests);
        Assert.Equal($"budget exhausted: job 'timed-out-budget' may use {worst + 20} tokens; {worst} are spent, and this call may need {worst}", refused.Message);
    }

    [Fact]
    public async Task A_stream_cut_off_after_its_first_update_is_charged_its_worst_case()
    {
        using var server = new FakeModelServer(_ => Reply.Ok(Answer) with { CutAfterFirstUpdate = true });
        var job = new JobOrder("cut-off");

        Exception cut = await Assert.ThrowsAnyAsync<Exception>(async () => await Run(Models.For(server, Models.Fast with { Stream = true, MaxRetries = 0 }), job));
        Assert.IsAssignableFrom<System.IO.IOException>(cut);

        JsonElement request = Assert.Single(server.Bodies).RootElement;
        Assert.True(request.GetProperty("stream").GetBoolean());
        Assert.Equal(FakeModelServer.CountInput(request) + FakeModelServer.MaxTokens(request), JobSpend.Of(job).Tokens);
    }

    [Fact]
    public async Task A_call_the_server_refused_with_a_status_is_charged_nothing_and_only_the_retry_that_answered_counts()
    {
        using var server = new FakeModelServer(_ => Reply.Ok(Answer)).Then(Reply.Error(400));
        var refusedJob = new JobOrder("refused");
        await Assert.ThrowsAnyAsync<Exception>(async () => await Run(Models.For(server, Models.Fast with { MaxRetries = 0 }), refusedJob));
        Assert.Equal(0, JobSpend.Of(refusedJob).Tokens);
        Assert.Equal(0, JobSpend.Of(refusedJob).Calls);

        server.Then(Reply.Error(503), Reply.Error(500));
        var retriedJob = new JobOrder("retried");
        await Run(Models.For(server, Models.Fast with { MaxRetries = 2 }), retriedJob);
        Assert.Equal(4, server.Requests);
        Assert.Equal(15, JobSpend.Of(retriedJob).Tokens);
        Assert.Equal(1, JobSpend.Of(retriedJob).Calls);
    }

    [Fact]
    public async Task A_gateway_timeout_is_charged_its_worst_case_since_the_model_behind_it_may_have_answered()
    {
        long worst = await WorstCaseAsync();
        using var server = new FakeModelServer(_ => Reply.Ok(Answer)).Then(Reply.Error(504));
        var job = new JobOrder("gateway");

        await Assert.ThrowsAnyAsync<Exception>(async () => await Run(Models.For(server, Models.Fast with { MaxRetries = 0 }), job));

        Assert.Equal(1, server.Requests);
        Assert.Equal(worst, JobSpend.Of(job).Tokens);
    }

    [Fact]
    public async Task A_call_cancelled_while_it_waited_for_a_concurrency_slot_was_never_sent_and_is_charged_nothing()
    {
        using var server = new FakeModelServer(_ => Reply.Ok(Answer)).Then(Reply.Ok(Answer) with { Delay = TimeSpan.FromSeconds(3) });
        ModelCatalog models = Models.For(server, Models.Fast with { MaxConcurrency = 1 });
        var holding = new JobOrder("holding");
        var waiting = new JobOrder("waiting");

        Task<Summary> first = Run(models, holding).AsTask();
        while (server.Requests == 0)
        {
            await Task.Delay(10);
        }

        // The one slot is held until the server answers the first call, 3 s after it came.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(maxRepairs: 0), models, Input, null, cancel.Token, waiting));
        Assert.False(first.IsCompleted, "the second call was cancelled while the first held the slot");
        await first;

        Assert.Equal(1, server.Requests);
        Assert.Equal(0, JobSpend.Of(waiting).Tokens);
        Assert.Equal(15, JobSpend.Of(holding).Tokens);
    }

    [Fact]
    public async Task A_call_whose_connection_was_refused_or_whose_circuit_is_open_was_never_sent_and_is_charged_nothing()
    {
        // A port nobody listens on: every attempt is refused at connect.
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        Microsoft.Extensions.AI.IChatClient nowhere = new OpenAICompatibleOptions { Endpoint = new Uri($"http://127.0.0.1:{port}/v1"), ApiKey = "test-key", Model = "fake-model" }.CreateChatClient();
        ModelCatalog models = new ModelCatalog().Add(ModelCatalog.DefaultName, nowhere, Models.Fast with { MaxRetries = 2, BreakerMinimumThroughput = 2 });
        var job = new JobOrder("nowhere");

        await Assert.ThrowsAnyAsync<Exception>(async () => await Run(models, job));
        Assert.Equal(0, JobSpend.Of(job).Tokens);

        // Three refused connections opened the breaker: the next call is stopped before it is sent.
        ModelEndpointException broken = await Assert.ThrowsAsync<ModelEndpointException>(async () => await Run(models, job));
        Assert.Contains("circuit breaker is open", broken.Message, StringComparison.Ordinal);
        Assert.Equal(0, JobSpend.Of(job).Tokens);
        Assert.Equal(0, JobSpend.Of(job).Calls);
    }
}
