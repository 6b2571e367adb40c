using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Factory.AI;
using Factory.AI.Tests;
using Factory.Ledger;
using Factory.Ledger.Sqlite;
using RabbitMQ.Client;
using Xunit;
using Xunit.Abstractions;

namespace Factory.RabbitMQ.Tests;

/// <summary>
/// A job's token budget across workers: Thinking's unit in two worker processes, four calls at once in
/// each, against one fake model server that reports the most each call may use. The workers reserve in
/// the shared ledger's row of the job, so together they make only the calls that fit; each worker
/// counting alone would make that many each.
/// </summary>
public sealed class JobBudgetTests(ITestOutputHelper output) : IDisposable
{
    private const int Inputs = 40;
    private const int Fit = 8;
    private const string Answer = """{"Category":"billing","Urgency":1}""";

    private readonly string directory = Directory.CreateTempSubdirectory("factory-budget-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Thinking_units_on_two_workers_together_stay_within_the_jobs_token_budget_and_the_rest_are_dead_letters_naming_it()
    {
        using var server = new FakeModelServer(_ => Reply.Ok(Answer) with { Usage = UsageReport.Maximum, Delay = TimeSpan.FromMilliseconds(40) });
        long worst = await WorstCaseAsync(server);
        long budget = (Fit * worst) + (worst / 2);
        int probed = server.Requests;

        string ledgerPath = Path.Combine(directory, "ledger.db");
        await using (SqliteLedger.Open(ledgerPath))
        {
        }

        await TestBroker.PurgeAsync(LineTopology.For(Thinking.Descriptor));
        (string, string) model = ("FACTORY_TEST_MODEL", server.Endpoint.ToString());
        WorkerProcess first = await WorkerProcess.StartAsync(ledgerPath, "first", "thinking", model);
        WorkerProcess second = await WorkerProcess.StartAsync(ledgerPath, "second", "thinking", model);
        var job = new JobOrder("budget-" + Guid.NewGuid().ToString("N")[..8], "acme") { Budget = new JobBudget(MaxTokens: budget) };
        LineReport report;
        int answers = 0;
        string firstSaid;
        string secondSaid;
        await using SqliteLedger ledger = SqliteLedger.Open(ledgerPath);
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await using IConnection connection = await TestBroker.ConnectAsync();
            LineRun<Question, Sorted> run = new Thinking(new SortQuestion(ThinkingModels.At(server.Endpoint))).Start(
                new RunOptions { Job = job, Transport = new RabbitMqTransport(connection, ThinkingJson.Default), Observers = [ledger.Observe()] }, cancel.Token);
            for (int i = 1; i <= Inputs; i++)
            {
                await run.Input.WriteAsync(new Question(i, "My invoice is wrong"), cancel.Token);
            }

            run.Input.Complete();
            await foreach (Sorted _ in run.Output.ReadAllAsync(cancel.Token))
            {
                answers++;
            }

            report = await run.Completion;
        }
        finally
        {
            firstSaid = await first.StopAsync();
            secondSaid = await second.StopAsync();
        }

        // What the model server saw and reported, not what the workers say they spent.
        long served = server.Bodies.Skip(probed).Sum(body => (long)FakeModelServer.CountInput(body.RootElement) + FakeModelServer.MaxTokens(body.RootElement));
        JobBudgetRecord row = await ((IJobBudgetLedger)ledger).GetJobBudgetAsync("acme", job.Id);
        output.WriteLine($"worst case {worst} tokens a call, budget {budget}: {server.Requests - probed} calls served ({served} tokens), {answers} answers, {report.DeadLetters.Count} dead letters; ledger row: {row}");
        output.WriteLine(firstSaid);
        output.WriteLine(secondSaid);

        Assert.True(served <= budget, $"the workers together used {served} tokens of a budget of {budget}");
        Assert.Equal(Fit, server.Requests - probed);
        Assert.Equal(Fit, answers);
        Assert.Equal((Fit * worst, 0L), (row.SpentTokens, row.ReservedTokens));

        // Nothing lost: every other input is a dead letter that names the budget.
        Assert.Equal(Inputs - Fit, report.DeadLetters.Count);
        Assert.All(report.DeadLetters, letter =>
        {
            Assert.Equal(typeof(BudgetExhaustedException).FullName, letter.ExceptionType);
            Assert.Contains($"job '{job.Id}' may use {budget} tokens in every process together", letter.Message, StringComparison.Ordinal);
        });
        Assert.Equal(Inputs, answers + report.DeadLetters.Select(l => l.MaterialId).Distinct().Count());

        // Both workers took part.
        Assert.All([firstSaid, secondSaid], said => Assert.DoesNotMatch(@": 0 acknowledged", said));
    }

    /// <summary>The tokens one call of the unit uses at most, as the server counts them: one call in process, without a budget.</summary>
    private static async Task<long> WorstCaseAsync(FakeModelServer server)
    {
        var job = new JobOrder("probe");
        await foreach (Sorted _ in new Thinking(new SortQuestion(ThinkingModels.At(server.Endpoint))).RunAsync([new Question(0, "My invoice is wrong")], job))
        {
        }

        JsonElement request = Assert.Single(server.Bodies).RootElement;
        long worst = FakeModelServer.CountInput(request) + FakeModelServer.MaxTokens(request);
        Assert.Equal(worst, JobSpend.Of(job).Tokens);
        return worst;
    }
}
