using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Factory.Experiments;
using TicketTriage.Cli;
using TicketTriage.Data;
using TicketTriage.Model;
using TicketTriage.Running;
using TicketTriage.Stations;
using TicketTriage.Tickets;
using Xunit;

namespace TicketTriage.Tests;

/// <summary>
/// Version 2 of Classify against version 1 on recorded tickets, as an experiment: the gate a change
/// of the station passes in CI (issue 18, item 8), and <c>--compare</c> run in process.
/// </summary>
public sealed class ClassifierExperimentTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"tickettriage-experiment-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Version_2_is_not_worse_than_version_1_on_the_10000_recorded_tickets()
    {
        IReadOnlyList<Ticket> tickets = await RecordedAsync(TriageOptions.DefaultCount);

        ExperimentReport report = await CompareRunner.CompareAsync(SamplePaths.ShippedTrainingFile, tickets, TextWriter.Null, CancellationToken.None);

        // The gate: the bootstrap interval of v2 − v1 lies above 0.
        report.AssertNotWorse(margin: 0);

        // The figures are the classifiers' own, worked out here ticket by ticket without the experiment.
        bool[] rightA = tickets.Select(t => Predict(t, x => ShippedModel.Instance.Predict(x)) == t.ExpectedCategory).ToArray();
        bool[] rightB = tickets.Select(t => Predict(t, x => ShippedModelV2.Instance.Predict(x)) == t.ExpectedCategory).ToArray();
        Assert.Equal(tickets.Count, report.Inputs);
        Assert.Equal(rightA.Count(r => r), report.A.Right);
        Assert.Equal(rightB.Count(r => r), report.B.Right);
        Assert.Equal(Enumerable.Range(0, tickets.Count).Count(i => rightA[i] && !rightB[i]), report.OnlyA);
        Assert.Equal(Enumerable.Range(0, tickets.Count).Count(i => rightB[i] && !rightA[i]), report.OnlyB);
        Assert.Equal(32, report.A.Failed);
        Assert.Equal(32, report.B.Failed);
        Assert.True(report.McNemarP < 0.05, report.ToMarkdown());
    }

    [Fact]
    public async Task The_gate_fails_the_other_way_round_version_1_is_worse_than_version_2()
    {
        IReadOnlyList<Ticket> tickets = await RecordedAsync(TriageOptions.DefaultCount);
        var experiment = new Experiment<Ticket, string>(
            "classify-v2-v1",
            new ClassifyLineV2(new Normalize(), new Redact(), new ClassifyV2(ShippedModelV2.Instance), new TakeCategory()),
            new ClassifyLine(new Normalize(), new Redact(), new Classify(ShippedModel.Instance), new TakeCategory()));

        ExperimentReport report = await experiment.RunAsync(tickets, Scorers.ExactMatch<Ticket, string>(t => t.ExpectedCategory));

        ExperimentFailedException failure = Assert.Throws<ExperimentFailedException>(() => report.AssertNotWorse(margin: 0));
        Assert.Contains("B is worse than A", failure.Message, StringComparison.Ordinal);

        // A margin wider than the difference's interval lets it through.
        report.AssertNotWorse(margin: 0.02);
    }

    [Fact]
    public async Task Compare_prints_both_versions_accuracy_agreement_and_McNemar_over_the_tickets_it_generated()
    {
        const int count = 2_000;
        string output = Path.Combine(folder, "outcomes.jsonl");
        Assert.True(TriageOptions.TryParse(["--compare", "--count", "2000", "--out", output], out TriageOptions options, out string? error), error);
        var printed = new StringWriter();

        int exit = await CompareRunner.RunAsync(options, printed, CancellationToken.None);

        Assert.Equal(0, exit);
        string text = printed.ToString();

        // The tickets were written beside the outputs, as a run writes them, and read back.
        string ticketsFile = Path.Combine(folder, TicketFile.FileName);
        Assert.Equal(count, File.ReadLines(ticketsFile).Count());
        IReadOnlyList<Ticket> tickets = await RecordedAsync(count);
        Assert.Contains($"read {tickets.Count:N0} tickets", text, StringComparison.Ordinal);

        // Each version's accuracy as printed is its count of right answers, worked out here, with the Wilson interval of it.
        int rightA = tickets.Count(t => Predict(t, x => ShippedModel.Instance.Predict(x)) == t.ExpectedCategory);
        int rightB = tickets.Count(t => Predict(t, x => ShippedModelV2.Instance.Predict(x)) == t.ExpectedCategory);
        Match accuracy = Regex.Match(text, @"\| accuracy \(95% CI\) \| ([0-9.]+) \(([0-9.]+)–([0-9.]+)\) \| ([0-9.]+) \(([0-9.]+)–([0-9.]+)\) \|");
        Assert.True(accuracy.Success, text);
        Assert.Equal(Math.Round((double)rightA / tickets.Count, 4), double.Parse(accuracy.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Math.Round((double)rightB / tickets.Count, 4), double.Parse(accuracy.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture));
        Factory.Quality.WilsonInterval interval = Factory.Quality.WilsonInterval.Of(rightA, tickets.Count);
        Assert.Equal(Math.Round(interval.Low, 4), double.Parse(accuracy.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("McNemar exact p = ", text, StringComparison.Ordinal);
        Assert.Matches(@"Agreement 0\.9[0-9]+;", text);
        Assert.Contains("| latency p95 ms (95% CI) |", text, StringComparison.Ordinal);
        Assert.Contains("| cost | 0 | 0 |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_2_trains_to_the_same_weights_from_the_same_file()
    {
        IReadOnlyList<TrainingExample> examples = TrainingData.Read(SamplePaths.ShippedTrainingFile);
        LogisticRegressionClassifier again = TriageRunner.TrainVersion2(SamplePaths.ShippedTrainingFile);
        foreach (TrainingExample example in examples.Take(300))
        {
            Assert.Equal(ShippedModelV2.Instance.Predict(example.Text), again.Predict(example.Text));
        }

        // Another order of the examples (another seed) gives other weights: the seed is what makes it repeatable.
        LogisticRegressionClassifier reordered = LogisticRegressionClassifier.Train(
            examples.Select(e => new LabeledText(Text.TicketText.Prepare(e.Text), e.Category)), seed: 7);
        Assert.Contains(examples.Take(300), e => reordered.Predict(e.Text).Confidence != ShippedModelV2.Instance.Predict(e.Text).Confidence);
    }

    [Theory]
    [InlineData("--classifier 3", "--classifier needs the version of Classify: 1 (naive Bayes) or 2 (logistic regression).")]
    [InlineData("--classifier", "--classifier needs the version of Classify")]
    [InlineData("--compare --resume triage-1", "--compare runs the two classifiers over a tickets file")]
    [InlineData("--compare --answer-reviews", "--compare runs the two classifiers over a tickets file")]
    [InlineData("--answer-reviews --count 10", "--answer-reviews works on the ledger's review queue and runs nothing")]
    public void Options_that_cannot_go_together_are_refused_saying_why(string args, string message)
    {
        Assert.False(TriageOptions.TryParse(args.Split(' '), out _, out string? error));
        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_resume_command_of_a_version_2_run_names_the_classifier()
    {
        Assert.True(TriageOptions.TryParse(["--classifier", "2", "--out", "x/outcomes.jsonl"], out TriageOptions options, out string? error), error);
        Assert.Equal(2, options.Classifier);
        Assert.Equal(" --out x/outcomes.jsonl --classifier 2", GateCommands.ResumeArguments(options));
        Assert.True(TriageOptions.TryParse([], out TriageOptions defaults, out _));
        Assert.Equal(1, defaults.Classifier);
        Assert.Equal(string.Empty, GateCommands.ResumeArguments(defaults));
    }

    /// <summary>The sample's generated tickets, written to a tickets file and read back as a run reads them.</summary>
    private async Task<IReadOnlyList<Ticket>> RecordedAsync(int count)
    {
        string file = Path.Combine(folder, "recorded", TicketFile.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        TicketFile.Write(file, new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(count));
        var tickets = new List<Ticket>();
        await foreach (Ticket ticket in TicketFile.ReadAsync(file, _ => { }))
        {
            tickets.Add(ticket);
        }

        return tickets;
    }

    /// <summary>The category the classifier gives a ticket as the line prepares it, or null for a ticket Normalize refuses.</summary>
    private static string? Predict(Ticket ticket, Func<string, Prediction> predict)
    {
        if (Inspect.Malformed(ticket) is not null)
        {
            return null;
        }

        return predict(new Redact().Process(new Normalize().Process(ticket)).Text).Label;
    }
}
