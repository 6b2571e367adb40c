using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Factory.AI.Experiments;
using Factory.AI.Providers;
using Factory.Experiments;
using Xunit;

namespace Factory.AI.Tests;

[Station]
public sealed partial class SayParity
{
    public string Process(int input) => input % 2 == 0 ? "even" : "odd";
}

/// <summary>Version 2, with a bug: calls 7, 17, 27, ... even.</summary>
[Station(Name = "SayParity", Version = "2")]
public sealed partial class SayParityV2
{
    public string Process(int input) => input % 2 == 0 || input % 10 == 7 ? "even" : "odd";
}

[Line]
[Step<SayParity>]
public sealed partial class ParityLine;

[Line]
[Step<SayParityV2>]
public sealed partial class ParityLineV2;

public sealed class ModelJudgeTests : IDisposable
{
    private static readonly int[] Inputs = Enumerable.Range(0, 200).ToArray();

    private readonly string folder = Directory.CreateTempSubdirectory("factory-judge-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_model_judge_scores_against_the_reference_with_positions_drawn_from_its_seed_and_replays_from_a_cassette_offline()
    {
        string path = Path.Combine(folder, "judge.jsonl");
        int wrongFirst = 0;
        ExperimentReport recorded;
        using (var server = new FakeModelServer(request => Judge(request, ref wrongFirst)))
        {
            using var recorder = new CassetteChatClient(path, CassetteMode.Record, "fake-model", Models.Client(server));
            recorded = await Experiment().RunAsync(Inputs, Judge(new ModelCatalog().Add("judge", recorder, Models.Fast)));

            // 400 judgements, 220 requests: where v2 gave v1's answer the request is the same, and the cassette has it.
            Assert.Equal(220, server.Requests);
        }

        // v1 ties the reference everywhere (0.5, right); v2 loses on the 20 inputs ending in 7.
        Assert.Equal((200, 180, 20, 0), (recorded.A.Right, recorded.B.Right, recorded.OnlyA, recorded.OnlyB));
        Assert.Equal((0.5, 0.45), (recorded.A.MeanScore, recorded.B.MeanScore));
        Assert.Equal("model judge", recorded.Scorer);

        // The output came first for about half the inputs, drawn from the seed: the judge saw v2's wrong answers where the draw put them.
        ModelJudge<int, string> judge = Judge(new ModelCatalog());
        Assert.InRange(Inputs.Count(i => judge.OutputFirst(Describe(i))), 80, 120);
        Assert.Equal(Inputs.Count(i => i % 10 == 7 && judge.OutputFirst(Describe(i))), wrongFirst);
        Assert.InRange(wrongFirst, 1, 19);
        Assert.NotEqual(Inputs.Select(i => judge.OutputFirst(Describe(i))), Inputs.Select(i => Judge(new ModelCatalog(), seed: 2).OutputFirst(Describe(i))));

        // Offline, from the cassette: the same figures, no server.
        using var player = new CassetteChatClient(path, CassetteMode.Replay, "fake-model");
        ExperimentReport replayed = await Experiment().RunAsync(Inputs, Judge(new ModelCatalog().Add("judge", player, Models.Fast)));
        Assert.Equal(
            (recorded.A.Right, recorded.B.Right, recorded.OnlyA, recorded.OnlyB, recorded.McNemarP, recorded.Difference, recorded.DifferenceLow, recorded.DifferenceHigh),
            (replayed.A.Right, replayed.B.Right, replayed.OnlyA, replayed.OnlyB, replayed.McNemarP, replayed.Difference, replayed.DifferenceLow, replayed.DifferenceHigh));

        // Another seed puts other answers first: not in the cassette, so not answered offline.
        await Assert.ThrowsAsync<CassetteMissException>(() => Experiment().RunAsync(Inputs, Judge(new ModelCatalog().Add("judge", player, Models.Fast), seed: 2)));
    }

    [Fact]
    public async Task A_judge_that_answers_out_of_format_fails_quoting_it_and_a_judge_cannot_score_synchronously()
    {
        using var server = new FakeModelServer(_ => Reply.Ok("Both are fine, really."));
        ModelJudge<int, string> judge = Judge(new ModelCatalog().Add("judge", Models.Client(server), Models.Fast));

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(async () => await judge.ScoreAsync(3, "odd", CancellationToken.None));
        Assert.Contains("answered \"Both are fine, really.\", not 1, 2 or tie, for the request \"number 3\"", failed.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => judge.Score(3, "odd"));
    }

    [Fact]
    public async Task The_report_counts_each_variants_model_cost_beside_its_tokens()
    {
        using var server = new FakeModelServer(_ => Reply.Ok("""{"Summary":"late","Severity":2,"Area":"billing","Points":["late"]}""", promptTokens: 100, completionTokens: 20));
        ModelCatalog cheap = new ModelCatalog().Add("small", Models.Client(server), Models.Fast with { Price = new ModelPrice(1m, 2m) });
        ModelCatalog dear = new ModelCatalog().Add("small", Models.Client(server), Models.Fast with { Price = new ModelPrice(10m, 20m) });
        Complaint[] complaints = [.. Enumerable.Range(0, 10).Select(i => new Complaint($"C-{i}", "late again", new Customer("Ann", new Address("Oslo")), 2, null))];

        ExperimentReport report = await new Experiment<Complaint, PainPoints>("priced", new ComplaintLine(new ExtractPainPoints(cheap)), new ComplaintLine(new ExtractPainPoints(dear)))
            .RunAsync(complaints, Scorers.Of<Complaint, PainPoints>("any", (_, _) => 1));

        // 10 calls of 100 + 20 tokens: 10 × (100 × 1 + 20 × 2) / 1e6 = 0.0014, and ten times that.
        Assert.Equal((1200L, 1200L), (report.A.Tokens, report.B.Tokens));
        Assert.Equal((0.0014m, 0.014m), (report.A.Cost, report.B.Cost));
        Assert.Equal(0.00014, report.A.CostPerInput.Value, 12);
        Assert.Equal((report.A.CostPerInput.Value, report.A.CostPerInput.Value), (report.A.CostPerInput.Low, report.A.CostPerInput.High));
        Assert.Equal(new Estimate(120, 120, 120), report.B.TokensPerInput);
        Assert.Contains("| cost | 0.0014 | 0.014 |", report.ToMarkdown(), StringComparison.Ordinal);
    }

    private static Experiment<int, string> Experiment() => new("judged", new ParityLine(new SayParity()), new ParityLineV2(new SayParityV2()));

    private static ModelJudge<int, string> Judge(ModelCatalog models, int seed = 1) =>
        new(models, i => i % 2 == 0 ? "even" : "odd", Describe, output => output) { Seed = seed };

    private static string Describe(int input) => $"number {input}";

    /// <summary>A judge that knows parity: prefers the right answer, ties equal ones; counts the requests with a wrong answer first.</summary>
    private static Reply Judge(JsonDocument request, ref int wrongFirst)
    {
        string prompt = request.RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
        string[] lines = prompt.Split('\n');
        int number = int.Parse(lines[1]["number ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        string truth = number % 2 == 0 ? "even" : "odd";
        string first = lines[Array.IndexOf(lines, "Answer 1:") + 1], second = lines[Array.IndexOf(lines, "Answer 2:") + 1];
        if (first != truth)
        {
            Interlocked.Increment(ref wrongFirst);
        }

        return Reply.Ok(first == second ? "tie" : first == truth ? "1" : "2");
    }
}
