using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Experiments;

/// <summary>
/// Runs the same inputs through two variants of a line (two station versions, two lines, a thinking
/// unit on two models) in this process, scores each output against the input it came from (routes and
/// unordered stations are fine: the run names each output's input), and compares them
/// (<see cref="ExperimentReport"/>). A line whose stations have <c>Effects</c> is refused unless an
/// <see cref="Effects"/> recorder stands in for them or <see cref="AllowEffects"/> lets them happen: an
/// experiment must not refund anyone twice.
/// </summary>
/// <typeparam name="TIn">The lines' input type.</typeparam>
/// <typeparam name="TOut">The lines' output type.</typeparam>
/// <param name="name">The experiment's name (and its runs' ids: <c>name-a</c>, <c>name-b</c>).</param>
/// <param name="a">The baseline.</param>
/// <param name="b">The candidate.</param>
public sealed class Experiment<TIn, TOut>(string name, ILine<TIn, TOut> a, ILine<TIn, TOut> b)
{
    /// <summary>The baseline's name in the report.</summary>
    public string NameOfA { get; init; } = "A";

    /// <summary>The candidate's name in the report.</summary>
    public string NameOfB { get; init; } = "B";

    /// <summary>Lets stations with <c>Effects</c> run (their effects happen, twice).</summary>
    public bool AllowEffects { get; init; }

    /// <summary>
    /// Stands in for the stations with <c>Effects</c> in both variants: their code does not run, the
    /// recorder notes what each was given (<see cref="EffectRecorder"/>). Takes precedence over <see cref="AllowEffects"/>.
    /// </summary>
    public EffectRecorder? Effects { get; init; }

    /// <summary>
    /// Decides each item at the lines' gates as it is parked, by this rule (approve, approve edited, or
    /// reject: <see cref="Gates.GateVerdict"/>), in the name of actor <c>experiment</c>. Null: a line with a
    /// gate is refused, since nobody would decide its items.
    /// </summary>
    public Func<Gates.GateItem, Gates.GateVerdict>? Gates { get; init; }

    /// <summary>Seeds the bootstrap: the same seed gives the same interval.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Bootstrap resamples.</summary>
    public int Resamples { get; init; } = 2000;

    /// <summary>Observers each variant's run gets besides the experiment's own (e.g. a ledger's, to keep the runs).</summary>
    public Func<string, IReadOnlyList<RunObserver>>? Observers { get; init; }

    /// <summary>The job order both runs go under.</summary>
    public JobOrder? Job { get; init; }

    /// <summary>
    /// Quality control for both runs (<see cref="RunOptions.Sampling"/>): inspectors it wires by path, as those
    /// wired by <c>[Inspector&lt;TStation&gt;]</c>, give each variant its defect rate in the report.
    /// </summary>
    public Quality.Sampling? Sampling { get; init; }

    /// <summary>Runs <paramref name="inputs"/> through both variants, one after the other, and compares them by <paramref name="scorer"/>.</summary>
    /// <exception cref="ArgumentException">A variant splits (its outputs cannot be scored one for one), has effects and no recorder stands in (or one cannot: a stand-in is missing), or has a gate and no rule decides it.</exception>
    public async Task<ExperimentReport> RunAsync(IReadOnlyList<TIn> inputs, IScorer<TIn, TOut> scorer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(scorer);

        // Both started (nothing runs before its input comes) and checked before either runs anything.
        var spentA = new VariantObserver();
        var spentB = new VariantObserver();
        LineRun<TIn, TOut> runA = Start(a, $"{name}-a", spentA, cancellationToken);
        LineRun<TIn, TOut>? runB = null;
        try
        {
            runB = Start(b, $"{name}-b", spentB, cancellationToken);
            Check(runA.Line, NameOfA);
            Check(runB.Line, NameOfB);
        }
        catch
        {
            await StopAsync(runA).ConfigureAwait(false);
            if (runB is not null)
            {
                await StopAsync(runB).ConfigureAwait(false);
            }

            throw;
        }

        (VariantResult resultA, TOut?[] outputsA) = await RunVariantAsync(runA, spentA, NameOfA, inputs, scorer, cancellationToken).ConfigureAwait(false);
        (VariantResult resultB, TOut?[] outputsB) = await RunVariantAsync(runB, spentB, NameOfB, inputs, scorer, cancellationToken).ConfigureAwait(false);
        return Compare(inputs.Count, scorer.Name, resultA, resultB, outputsA, outputsB);
    }

    /// <summary>
    /// Runs the inputs of a recorded run (<see cref="RecordedInputs.LoadAsync"/>) through both variants;
    /// the report names that run (<see cref="ExperimentReport.Source"/>) beside the variants' own.
    /// </summary>
    /// <exception cref="ArgumentException">A variant splits (its outputs cannot be scored one for one), has effects and no recorder stands in (or one cannot: a stand-in is missing), or has a gate and no rule decides it.</exception>
    public async Task<ExperimentReport> RunAsync(RecordedInputs<TIn> inputs, IScorer<TIn, TOut> scorer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ExperimentReport report = await RunAsync(inputs.Values, scorer, cancellationToken).ConfigureAwait(false);
        return report with { Source = $"run {inputs.RunId}" };
    }

    private ExperimentReport Compare(int count, string scorerName, VariantResult resultA, VariantResult resultB, TOut?[] outputsA, TOut?[] outputsB)
    {
        int agree = 0, onlyA = 0, onlyB = 0;
        var differences = new double[count];
        for (int i = 0; i < count; i++)
        {
            bool rightA = resultA.Scores[i] >= 0.5, rightB = resultB.Scores[i] >= 0.5;
            onlyA += rightA && !rightB ? 1 : 0;
            onlyB += rightB && !rightA ? 1 : 0;
            agree += EqualityComparer<TOut?>.Default.Equals(outputsA[i], outputsB[i]) ? 1 : 0;
            differences[i] = resultB.Scores[i] - resultA.Scores[i];
        }

        (double low, double high) = Statistics.BootstrapMean(differences, Resamples, Seed);
        return new ExperimentReport(
            name,
            scorerName,
            count,
            resultA,
            resultB,
            count == 0 ? 0 : (double)agree / count,
            onlyA,
            onlyB,
            Statistics.McNemar(onlyA, onlyB),
            count == 0 ? 0 : differences.Average(),
            low,
            high);
    }

    private static async Task StopAsync(LineRun<TIn, TOut> run)
    {
        run.Input.TryComplete();
        run.Cancel();
        try
        {
            await run.Completion.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The run was stopped on purpose.
        }
    }

    private LineRun<TIn, TOut> Start(ILine<TIn, TOut> line, string runId, VariantObserver spent, CancellationToken cancellationToken)
    {
        IReadOnlyList<RunObserver> extra = Observers?.Invoke(runId) ?? [];
        return line.Start(
            new RunOptions { RunId = runId, Job = Job, Observers = [spent, .. extra], Sampling = Sampling, Effects = Effects, Gates = Gates is null ? null : new DecidedGates(Gates) },
            cancellationToken);
    }

    private async Task<(VariantResult Result, TOut?[] Outputs)> RunVariantAsync(LineRun<TIn, TOut> run, VariantObserver spent, string variant, IReadOnlyList<TIn> inputs, IScorer<TIn, TOut> scorer, CancellationToken cancellationToken)
    {
        Task feeding = FeedAsync(run, inputs, cancellationToken);
        var outputs = new List<TOut>(inputs.Count);
        await foreach (TOut output in run.Output.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            outputs.Add(output);
        }

        await feeding.ConfigureAwait(false);
        LineReport report = await run.Completion.ConfigureAwait(false);
        CheckAllEntered(run.RunId, variant, inputs.Count, spent, report);

        // Each output with the input it came from: the run tells its observers the material of each output as it is read.
        IReadOnlyList<long> roots = spent.Roots;
        if (roots.Count != outputs.Count)
        {
            throw new InvalidOperationException($"Experiment '{name}': run '{run.RunId}' of variant {variant} gave {outputs.Count} outputs but named the inputs of {roots.Count}.");
        }

        var paired = new TOut?[inputs.Count];
        var has = new bool[inputs.Count];
        for (int k = 0; k < outputs.Count; k++)
        {
            paired[roots[k]] = outputs[k];
            has[roots[k]] = true;
        }

        var scores = new double[inputs.Count];
        var latencies = new List<double>(inputs.Count);
        var tokens = new double[inputs.Count];
        var costs = new double[inputs.Count];
        decimal cost = 0;
        int given = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            if (spent.PerRoot.TryGetValue(i, out VariantObserver.Spent used))
            {
                latencies.Add(used.Ms);
                tokens[i] = used.Tokens;
                costs[i] = (double)used.Cost;
                cost += used.Cost;
            }

            if (has[i])
            {
                given++;
                scores[i] = Math.Clamp(await scorer.ScoreAsync(inputs[i], paired[i]!, cancellationToken).ConfigureAwait(false), 0, 1);
            }
        }

        int right = scores.Count(s => s >= 0.5);
        (double p50Low, double p50High) = Statistics.QuantileInterval(latencies, 0.50);
        (double p95Low, double p95High) = Statistics.QuantileInterval(latencies, 0.95);
        double p50 = Statistics.Quantile(latencies, 0.50), p95 = Statistics.Quantile(latencies, 0.95);
        var result = new VariantResult(
            variant,
            run.RunId,
            scores,
            inputs.Count - given,
            Quality.WilsonInterval.Of(right, inputs.Count),
            right,
            inputs.Count == 0 ? 0 : scores.Average(),
            (long)tokens.Sum(),
            p50,
            p95)
        {
            Cost = cost,
            CostPerInput = Mean(costs),
            TokensPerInput = Mean(tokens),
            LatencyP50 = new Estimate(p50, p50Low, p50High),
            LatencyP95 = new Estimate(p95, p95Low, p95High),
            Inspected = spent.Verdicts.Inspected,
            Defects = spent.Verdicts.Defects,
        };
        return (result, paired);
    }

    /// <summary>An input that did not enter (and was not refused at the entry, a dead letter without attempts) was known done: the run's id was resumed.</summary>
    private void CheckAllEntered(string runId, string variant, int count, VariantObserver spent, LineReport report)
    {
        int refused = report.DeadLetters.Count(letter => !spent.PerRoot.ContainsKey(letter.Root));
        int skipped = count - spent.EnteredCount - refused;
        if (skipped > 0)
        {
            throw new InvalidOperationException($"Experiment '{name}': {skipped} of the {count} inputs did not enter run '{runId}' of variant {variant}, because an observer (a ledger) knows them done from an earlier run of that id. Give the experiment another name, or record it in another ledger.");
        }
    }

    private Estimate Mean(double[] values)
    {
        (double low, double high) = Statistics.BootstrapMean(values, Resamples, Seed);
        return new Estimate(values.Length == 0 ? 0 : values.Average(), low, high);
    }

    private static async Task FeedAsync(LineRun<TIn, TOut> run, IReadOnlyList<TIn> inputs, CancellationToken cancellationToken)
    {
        foreach (TIn input in inputs)
        {
            await run.Input.WriteAsync(input, cancellationToken).ConfigureAwait(false);
        }

        run.Input.Complete();
    }

    private void Check(LineDescriptor descriptor, string variant)
    {
        foreach (StationDescriptor station in descriptor.Stations)
        {
            if (station.Effects.Count > 0 && !AllowEffects && Effects is null)
            {
                throw new ArgumentException($"Experiment '{name}': station '{station.Path}' of variant {variant} (line '{descriptor.Name}') has effects ({string.Join(", ", station.Effects)}); give Effects an EffectRecorder to stand in for it, or set AllowEffects to let them happen.");
            }
        }

        foreach (StationDescriptor station in descriptor.Stations)
        {
            if (station.Gate is not null && Gates is null)
            {
                throw new ArgumentException($"Experiment '{name}': gate '{station.Path}' of variant {variant} (line '{descriptor.Name}') would wait for a person; give Gates a rule that decides its items.");
            }

            if (station.Splits)
            {
                throw new ArgumentException($"Experiment '{name}': station '{station.Path}' of variant {variant} (line '{descriptor.Name}') splits, so an input may give several outputs or none and they cannot be scored one for one; compare lines that give one output per input.");
            }
        }
    }
}
