using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Factory.AI.Tests;

/// <summary>Thinking units written as users write them, implemented by the generator, run in lines against the loopback server.</summary>
public sealed class GeneratedUnitTests
{
    internal const string Good = """{"Summary":"Charged twice","Severity":3,"Product":"Pro plan","Code":"BIL-42","Area":"billing","Confidence":0.9,"Points":["double charge"]}""";

    /// <summary>0.001 per input token, 0.002 per output token.</summary>
    private static readonly ModelPrice Price = new(1_000m, 2_000m);

    private static readonly Complaint Sample = new("C-1", "I was charged twice", new Customer("Ann", new Address("Oslo")), 2, null);

    [Fact]
    public void The_prompt_binds_nested_members_renders_null_members_empty_and_unescapes_braces()
    {
        IThinkingUnit<Complaint, PainPoints> unit = new ExtractPainPoints(new ModelCatalog());

        Assert.Equal(
            "Complaint C-1 from Ann in Oslo (2 stars, note: ): I was charged twice -- literal {{braces}}",
            unit.RenderPrompt(Sample));
        Assert.Equal(
            "Complaint C-2 from Bo in  (5 stars, note: urgent): x -- literal {{braces}}",
            unit.RenderPrompt(new Complaint("C-2", "x", new Customer("Bo", null), 5, "urgent")));
    }

    [Fact]
    public void Generated_checks_report_every_broken_annotation_then_the_units_own_inspection()
    {
        IThinkingUnit<Complaint, PainPoints> unit = new ExtractPainPoints(new ModelCatalog());
        var bad = new PainPoints { Summary = " ", Severity = 9, Product = "x", Code = "bil-42", Area = "sales", Confidence = 1.5 };
        var problems = new List<string>();

        unit.Inspect(Sample, bad, problems);

        Assert.Equal(
            [
                "Summary is required and must not be empty",
                "Severity must be between 1 and 5",
                "Product must be 2 to 40 characters long",
                "Code must match the pattern [A-Z]{3}-[0-9]+",
                "Area must be one of: billing, shipping, other",
                "Confidence is a probability: 0 to 1",
                "Points must list at least one pain point of complaint C-1",
            ],
            problems);

        Assert.Equal(problems.Take(6), ExtractPainPoints.ThinkingSpec.Rules.Select(rule => rule));

        problems.Clear();
        unit.Inspect(Sample, System.Text.Json.JsonSerializer.Deserialize(Good, UnitJson.Default.PainPoints)!, problems);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task In_a_line_output_breaking_an_annotation_is_asked_again_and_every_call_reaches_provenance_and_the_report()
    {
        using var server = new FakeModelServer().Then(
            Reply.Ok(Good.Replace("\"Severity\":3", "\"Severity\":9", StringComparison.Ordinal)),
            Reply.Ok(Good, promptTokens: 90, completionTokens: 40) with { Model = "small-v2" });
        ModelCatalog models = Models.For(server, Models.Fast with { Price = Price }, name: "small");
        var line = new ComplaintLine(new ExtractPainPoints(models));
        var recorder = new Recorder();

        LineRun<Complaint, PainPoints> run = line.Start(new RunOptions { Observers = [recorder] });
        await run.Input.WriteAsync(Sample);
        run.Input.Complete();
        List<PainPoints> outputs = [];
        await foreach (PainPoints output in run.Output.ReadAllAsync())
        {
            outputs.Add(output);
        }

        LineReport report = await run.Completion;
        Assert.Equal(3, Assert.Single(outputs).Severity);
        Assert.Equal(2, server.Requests);
        Assert.Contains("Severity must be between 1 and 5", server.Bodies[1].RootElement.GetProperty("messages")[3].GetProperty("content").GetString(), StringComparison.Ordinal);

        // The attempt made two calls (10 + 5 tokens rejected, 90 + 40 accepted): the model is the one
        // that answered last, the tokens and cost are both calls'.
        StationExecution execution = Assert.Single(recorder.Executions);
        Assert.Equal(("small-v2", 100L, 45L), (execution.Model, execution.InputTokens, execution.OutputTokens));
        StationReport station = Assert.Single(report.Stations);
        Assert.Equal((100L, 45L, 0.19m), (station.InputTokens, station.OutputTokens, station.Cost));
        Assert.Equal((145L, 0.19m), (report.Tokens, report.Cost));
        Assert.Equal(JobSpend.Of(run.Job).Tokens, report.Tokens);
        Assert.Equal(0, report.DeadLettered);
    }

    [Fact]
    public async Task Escalated_output_names_the_escalation_model_in_provenance_and_the_report_counts_every_call()
    {
        using var small = new FakeModelServer(_ => Reply.Ok("not json", promptTokens: 20, completionTokens: 2) with { Model = "small-v1" });
        using var large = new FakeModelServer(_ => Reply.Ok(Good, promptTokens: 50, completionTokens: 30) with { Model = "large-v1" });
        ModelCatalog models = new ModelCatalog()
            .Add("small", Models.Client(small), Models.Fast with { Price = Price })
            .Add("large", Models.Client(large), Models.Fast with { Price = new ModelPrice(10_000m, 20_000m) });
        var line = new ComplaintLine(new ExtractPainPoints(models));
        var recorder = new Recorder();

        LineRun<Complaint, PainPoints> run = line.Start(new RunOptions { Observers = [recorder] });
        await run.Input.WriteAsync(Sample);
        run.Input.Complete();
        await foreach (PainPoints _ in run.Output.ReadAllAsync())
        {
        }

        LineReport report = await run.Completion;
        Assert.Equal((2, 1), (small.Requests, large.Requests));
        StationExecution execution = Assert.Single(recorder.Executions);
        Assert.Equal(("large-v1", 90L, 34L), (execution.Model, execution.InputTokens, execution.OutputTokens));

        // small: 2 x (20 x 0.001 + 2 x 0.002) = 0.048; large: 50 x 0.01 + 30 x 0.02 = 1.1
        StationReport station = Assert.Single(report.Stations);
        Assert.Equal((90L, 34L, 1.148m), (station.InputTokens, station.OutputTokens, station.Cost));
        Assert.Equal(1.148m, report.Cost);
    }

    [Fact]
    public async Task A_call_the_token_budget_cannot_cover_dead_letters_with_budget_exhausted_and_is_not_made()
    {
        using var server = new FakeModelServer(_ => Reply.Ok(Good));
        var line = new ComplaintLine(new ExtractPainPoints(Models.For(server, name: "small")));
        var job = new JobOrder("tight") { Budget = new JobBudget(MaxTokens: 100) };

        LineRun<Complaint, PainPoints> run = line.Start(new RunOptions { Job = job });
        await run.Input.WriteAsync(Sample);
        run.Input.Complete();
        await foreach (PainPoints _ in run.Output.ReadAllAsync())
        {
        }

        await run.Completion;
        DeadLetter letter = Assert.Single(run.DeadLetters);
        Assert.StartsWith("budget exhausted", letter.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task Sixteen_workers_in_a_line_never_take_usage_past_the_token_budget()
    {
        using var server = new FakeModelServer(_ => Reply.Ok(Good, promptTokens: 200, completionTokens: 50) with { Delay = TimeSpan.FromMilliseconds(100) });
        ModelCatalog models = Models.For(server, Models.Fast with { MaxConcurrency = 16 }, name: "small");
        var line = new ParallelLine(new ParallelExtract(models));
        const long budget = 12_000;
        var job = new JobOrder("parallel") { Budget = new JobBudget(MaxTokens: budget) };
        Complaint[] inputs = [.. Enumerable.Range(0, 48).Select(i => Sample with { Id = "C-" + i })];

        LineRun<Complaint, PainPoints> run = line.Start(new RunOptions { Job = job });
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
        JobSpend spend = JobSpend.Of(job);
        Assert.True(spend.Tokens <= budget, $"used {spend.Tokens} of {budget}");
        Assert.Equal(delivered * 250L, spend.Tokens);
        Assert.Equal(delivered, server.Requests);
        Assert.True(server.MaxInFlight > 1, "the workers called the model concurrently");
        Assert.True(delivered >= 2, $"{delivered} delivered");
        Assert.Equal(inputs.Length, delivered + run.DeadLetters.Count);
        Assert.All(run.DeadLetters, letter => Assert.StartsWith("budget exhausted", letter.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Output_rejected_on_both_models_dead_letters_with_the_problems()
    {
        using var small = new FakeModelServer(_ => Reply.Ok("""{"Summary":"","Severity":1,"Area":"other","Points":["x"]}"""));
        using var large = new FakeModelServer(_ => Reply.Ok("not json at all"));
        ModelCatalog models = new ModelCatalog().Add("small", Models.Client(small), Models.Fast).Add("large", Models.Client(large), Models.Fast);
        var line = new ComplaintLine(new ExtractPainPoints(models));

        LineRun<Complaint, PainPoints> run = line.Start();
        await run.Input.WriteAsync(Sample);
        run.Input.Complete();
        await foreach (PainPoints _ in run.Output.ReadAllAsync())
        {
        }

        LineReport report = await run.Completion;
        DeadLetter letter = Assert.Single(run.DeadLetters);
        Assert.Equal(typeof(OutputRejectedException).FullName, letter.ExceptionType);
        Assert.Contains("not valid JSON", letter.Message, StringComparison.Ordinal);
        Assert.Contains("not json at all", letter.Message, StringComparison.Ordinal);
        Assert.Equal((2, 2), (small.Requests, large.Requests));
        Assert.Equal((40L, 20L), (report.Stations[0].InputTokens, report.Stations[0].OutputTokens)); // four calls of 10 + 5, none accepted
    }

    [Fact]
    public async Task A_unit_with_its_own_constructor_and_a_Task_shape_runs_outside_a_line()
    {
        using var server = new FakeModelServer(_ => Reply.Ok(Good));
        var unit = new TriageComplaint(Models.For(server), "p");

        PainPoints points = await unit.ProcessAsync(Sample, CancellationToken.None);

        Assert.Equal("billing", points.Area);
        Assert.Equal("Triage: I was charged twice", server.Bodies[0].RootElement.GetProperty("messages")[1].GetProperty("content").GetString());
        Assert.Equal("Triage", TriageComplaint.Descriptor.Name);
    }

    [Fact]
    public void Thinking_units_and_their_lines_register_with_DI_over_the_model_catalog()
    {
        using var server = new FakeModelServer();
        var services = new ServiceCollection();
        services.AddSingleton(Models.For(server, name: "small"));
        services.AddSingleton("prefix");
        services.AddFactoryAITestsFactory();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<ComplaintLine>());
        Assert.Same(provider.GetRequiredService<ModelCatalog>(), provider.GetRequiredService<TriageComplaint>().Models);
        Assert.Equal("ExtractPainPoints", ComplaintLine.Descriptor.Stations.Single().Name);
    }

    private sealed class Recorder : RunObserver
    {
        public List<StationExecution> Executions { get; } = [];

        public override void Executed(in StationExecution execution)
        {
            lock (Executions)
            {
                Executions.Add(execution);
            }
        }
    }
}
