using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Ledger;

/// <summary>
/// Replays dead letters through a line, over any <see cref="ILedger"/>: the letters' inputs are read
/// back with the caller's source-generated JSON metadata and run as a new run of the line you pass
/// (the same line, or a newer version of it, whose input type is the letters' input type). The new
/// run is recorded in the ledger, linked to the letters, and each replayed letter gets an audit entry
/// naming who replayed it; all of that is written durably before the first material moves.
/// </summary>
public static class DeadLetterReplay
{
    /// <summary>Replays one dead letter. Refused (with <see cref="LedgerException"/>) unless it is open, its input is held, and the line takes its input type.</summary>
    public static async Task<ReplayResult<TOut>> ReplayAsync<TIn, TOut>(
        this ILedger ledger,
        long deadLetterId,
        ILine<TIn, TOut> line,
        JsonTypeInfo<TIn> inputType,
        ReplayOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        DeadLetterRecord letter = await ledger.GetDeadLetterAsync(deadLetterId, cancellationToken).ConfigureAwait(false)
            ?? throw new LedgerException($"There is no dead letter {deadLetterId}.");
        if (IsLeftByItsReplay(letter) && (await ledger.ReopenAbandonedAsync([deadLetterId], options.Actor, cancellationToken).ConfigureAwait(false)).Count == 1)
        {
            letter = await ledger.GetDeadLetterAsync(deadLetterId, cancellationToken).ConfigureAwait(false) ?? letter;
        }

        return await ReplayCoreAsync(ledger, [letter], strict: true, line, inputType, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replays every open dead letter of run <paramref name="runId"/> whose input the ledger holds and
    /// whose input type the line takes, in one new run; the others are listed in <see cref="ReplayResult{TOut}.Skipped"/>.
    /// </summary>
    public static async Task<ReplayResult<TOut>> ReplayRunAsync<TIn, TOut>(
        this ILedger ledger,
        string runId,
        ILine<TIn, TOut> line,
        JsonTypeInfo<TIn> inputType,
        ReplayOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(options);

        // The run's letters an earlier replay claimed and left (its process died) are opened again first, and taken below.
        List<long> left = [.. (await ListAsync(ledger, runId, DeadLetterStatus.Replayed, cancellationToken).ConfigureAwait(false)).Where(IsLeftByItsReplay).Select(l => l.Id)];
        if (left.Count > 0)
        {
            await ledger.ReopenAbandonedAsync(left, options.Actor, cancellationToken).ConfigureAwait(false);
        }

        List<DeadLetterRecord> letters = await ListAsync(ledger, runId, DeadLetterStatus.Open, cancellationToken).ConfigureAwait(false);
        return await ReplayCoreAsync(ledger, letters, strict: false, line, inputType, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every dead letter of run <paramref name="runId"/> in <paramref name="status"/>, a page at a time.</summary>
    private static async Task<List<DeadLetterRecord>> ListAsync(ILedger ledger, string runId, DeadLetterStatus status, CancellationToken cancellationToken)
    {
        var letters = new List<DeadLetterRecord>();
        const int Page = 500;
        while (true)
        {
            IReadOnlyList<DeadLetterRecord> page = await ledger.ListDeadLettersAsync(
                new DeadLetterQuery { RunId = runId, Status = status, Limit = Page, Offset = letters.Count },
                cancellationToken).ConfigureAwait(false);
            letters.AddRange(page);
            if (page.Count < Page)
            {
                return letters;
            }
        }
    }

    /// <summary>Claimed by a replay whose input has no outcome: still going, or left by a replay that died (the ledger tells which).</summary>
    private static bool IsLeftByItsReplay(DeadLetterRecord letter) => letter.Status == DeadLetterStatus.Replayed && letter.ReplayOutcome is null;

    private static async Task<ReplayResult<TOut>> ReplayCoreAsync<TIn, TOut>(
        ILedger ledger,
        IReadOnlyList<DeadLetterRecord> letters,
        bool strict,
        ILine<TIn, TOut> line,
        JsonTypeInfo<TIn> inputType,
        ReplayOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(inputType);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Actor);

        var skipped = new List<ReplaySkip>();
        var candidates = new List<long>();
        var inputs = new Dictionary<long, TIn>();
        JobOrder? job = options.Job;
        foreach (DeadLetterRecord letter in letters)
        {
            string? problem = null;
            if (!letter.CanReplay)
            {
                problem = letter.Status != DeadLetterStatus.Open
                    ? $"dead letter {letter.Id} is {letter.Status.ToString().ToLowerInvariant()}, not open"
                    : $"the ledger does not hold the input of dead letter {letter.Id} ({letter.InputStatus}, type {letter.InputClrType ?? letter.InputType})";
            }
            else
            {
                job ??= await RebuildJobAsync(ledger, letter, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(job.Tenant, letter.Tenant, StringComparison.Ordinal))
                {
                    problem = $"dead letter {letter.Id} belongs to tenant '{letter.Tenant}', the replay's job order to tenant '{job.Tenant}'";
                }
                else if (!TryRead(letter, inputType, out TIn value, out problem))
                {
                    // problem says why.
                }
                else
                {
                    candidates.Add(letter.Id);
                    inputs.Add(letter.Id, value);
                }
            }

            if (problem is not null)
            {
                if (strict)
                {
                    throw new LedgerException($"Cannot replay: {problem}.");
                }

                skipped.Add(new ReplaySkip(letter.Id, problem));
            }
        }

        var request = new ReplayRequest(candidates, options.Actor, options.Reason, strict);
        RunObserver recorder = ledger.Observe(new LedgerObserveOptions
        {
            Provenance = options.Provenance,
            Inputs = options.Inputs,
            Actor = options.Actor,
            Replay = request,
        });
        var runOptions = new RunOptions
        {
            Job = job,
            RunId = options.RunId,
            Observers = [recorder, .. options.Observers],
        };

        // The ledger claims the letters while the run starts; a refused claim (wrong input type, replayed meanwhile) throws here.
        LineRun<TIn, TOut> run = line.Start(runOptions, cancellationToken);
        skipped.AddRange(request.Skipped);
        Task<List<TOut>> reading = ReadAllAsync(run.Output, cancellationToken);
        try
        {
            try
            {
                foreach (long id in request.Claimed)
                {
                    await run.Input.WriteAsync(inputs[id], cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                run.Input.TryComplete();
            }

            List<TOut> outputs = await reading.ConfigureAwait(false);
            LineReport report = await run.Completion.ConfigureAwait(false);
            return new ReplayResult<TOut>(run.RunId, report, outputs, request.Claimed, skipped);
        }
        catch
        {
            // Stopped (cancelled, most often): the replay returns once its run has ended, so what the ledger does at
            // the end (the letters the run did not finish are open again) is done when the caller sees the exception.
            await run.Completion.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }
    }

    private static bool TryRead<TIn>(DeadLetterRecord letter, JsonTypeInfo<TIn> inputType, out TIn value, out string? problem)
    {
        try
        {
            value = JsonSerializer.Deserialize(letter.InputJson!, inputType)!;
            problem = null;
            return true;
        }
        catch (JsonException exception)
        {
            value = default!;
            problem = $"the input of dead letter {letter.Id} ({letter.InputType}) does not read as {inputType.Type.Name}: {exception.Message}";
            return false;
        }
    }

    /// <summary>The original job order as recorded, without its secrets (never stored) and without its deadline (long past).</summary>
    private static async Task<JobOrder> RebuildJobAsync(ILedger ledger, DeadLetterRecord letter, CancellationToken cancellationToken)
    {
        RunRecord run = await ledger.GetRunAsync(letter.RunId, cancellationToken).ConfigureAwait(false)
            ?? throw new LedgerException($"Dead letter {letter.Id} names run '{letter.RunId}', which the ledger does not hold.");
        JobRecord recorded = run.Job;
        return new JobOrder(recorded.Id, recorded.Tenant)
        {
            Permissions = ImmutableHashSet.CreateRange(StringComparer.Ordinal, recorded.Permissions),
            Budget = recorded.Budget with { Deadline = null },
            Labels = ImmutableDictionary.CreateRange(StringComparer.Ordinal, recorded.Labels),
        };
    }

    private static async Task<List<TOut>> ReadAllAsync<TOut>(System.Threading.Channels.ChannelReader<TOut> output, CancellationToken cancellationToken)
    {
        var outputs = new List<TOut>();
        while (await output.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (output.TryRead(out TOut? item))
            {
                outputs.Add(item);
            }
        }

        return outputs;
    }
}

/// <summary>How to replay dead letters.</summary>
public sealed record ReplayOptions
{
    /// <summary>Who replays: named in the audit entry of every replayed letter.</summary>
    public required string Actor { get; init; }

    /// <summary>Why, for the audit.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// The job order to run under; it must be of the letters' tenant. When null, the original job
    /// order as the ledger recorded it: same id, tenant, permissions, labels and budget, but no
    /// secrets (never stored) and no deadline.
    /// </summary>
    public JobOrder? Job { get; init; }

    /// <summary>The replay run's id; a new one when null.</summary>
    public string? RunId { get; init; }

    /// <summary>The replay run's provenance level; the ledger's default when null.</summary>
    public ProvenanceLevel? Provenance { get; init; }

    /// <summary>JSON metadata for the replay run's dead letters; the ledger's default when null.</summary>
    public IJsonTypeInfoResolver? Inputs { get; init; }

    /// <summary>More observers of the replay run.</summary>
    public IReadOnlyList<RunObserver> Observers { get; init; } = [];
}

/// <summary>What a replay did.</summary>
/// <typeparam name="TOut">The line's output type.</typeparam>
/// <param name="RunId">The replay run's id, recorded in the ledger.</param>
/// <param name="Report">The replay run's report.</param>
/// <param name="Outputs">What left the line.</param>
/// <param name="Replayed">The dead letters replayed, in input order.</param>
/// <param name="Skipped">The dead letters left alone, and why.</param>
public sealed record ReplayResult<TOut>(string RunId, LineReport Report, IReadOnlyList<TOut> Outputs, IReadOnlyList<long> Replayed, IReadOnlyList<ReplaySkip> Skipped);
