using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Factory.RabbitMQ;

/// <summary>
/// The headers every message carries: which run, which material (id, parent, root, sequence), which
/// attempt, the job order's id, tenant and permissions, the version of the station that made it, and the
/// W3C trace context. The job's secrets never travel: a worker resolves them itself.
/// </summary>
public static class MessageHeaders
{
    /// <summary>The run's id.</summary>
    public const string RunId = "factory-run";

    /// <summary>
    /// Which start of the run made the material (a run started again with its id is a new start): a mark the
    /// caller draws for each start, carried by every material bound for a station and by every control message, so
    /// a worker drops only the cancelled start's materials and a late Cancel ends only the start it was said of.
    /// </summary>
    public const string RunStart = "factory-run-start";

    /// <summary>The material's id.</summary>
    public const string MaterialId = "factory-material";

    /// <summary>The id of the material it was split from, or 0.</summary>
    public const string ParentId = "factory-parent";

    /// <summary>The input position it descends from.</summary>
    public const string Root = "factory-root";

    /// <summary>Its position in the input, or in its parent's split.</summary>
    public const string Sequence = "factory-sequence";

    /// <summary>The attempt of the station that made it.</summary>
    public const string Attempt = "factory-attempt";

    /// <summary>The job order's id.</summary>
    public const string JobId = "factory-job";

    /// <summary>The job order's tenant.</summary>
    public const string Tenant = "factory-tenant";

    /// <summary>The job order's permissions, comma-separated (what stations require is checked in every worker).</summary>
    public const string Permissions = "factory-permissions";

    /// <summary>The job order's token budget (<see cref="JobBudget.MaxTokens"/>), when it has one: workers reserve against it in the shared ledger.</summary>
    public const string MaxTokens = "factory-max-tokens";

    /// <summary>The job order's cost budget (<see cref="JobBudget.MaxCost"/>, invariant text), when it has one.</summary>
    public const string MaxCost = "factory-max-cost";

    /// <summary>The run's quality sampling (<see cref="Runtime.SamplingTerms"/>), when it has one: workers sample as the run would in process.</summary>
    public const string Sampling = "factory-sampling";

    /// <summary>The job order's submitter, when it has one: a four-eyes gate's worker parks the item with it.</summary>
    public const string Submitter = "factory-submitter";

    /// <summary>The version of the station that made the material (none for an input).</summary>
    public const string StationVersion = "factory-station-version";

    /// <summary>What a message on a run's exit is: one of <see cref="Kinds"/>.</summary>
    public const string Kind = "factory-kind";

    /// <summary>A dead letter's station.</summary>
    public const string Station = "factory-station";

    /// <summary>A dead letter's exception type.</summary>
    public const string ExceptionType = "factory-exception-type";

    /// <summary>A dead letter's reason, redacted with the job's secrets.</summary>
    public const string Reason = "factory-reason";

    /// <summary>A dead letter's attempts.</summary>
    public const string Attempts = "factory-attempts";

    /// <summary>A split notice's count of children (0 filters).</summary>
    public const string Children = "factory-children";

    /// <summary>A child on its way to a gather: the gather's index in the line.</summary>
    public const string Gather = "factory-gather";

    /// <summary>A discard's route (its case type).</summary>
    public const string CaseType = "factory-case";

    /// <summary>
    /// Present (1) on a material its station may have sent before: made by a station run again on a
    /// redelivery (or on such a material). Its station asks the ledger whether it already did it.
    /// </summary>
    public const string Repeat = "factory-repeat";

    /// <summary>
    /// On a suspect (a material moved to its station's suspects queue): how often workers died holding it so far, besides
    /// the suspects queue's own <c>x-delivery-count</c>. 1 when moved from the station's queue, where it ran at most once.
    /// </summary>
    public const string Crashes = "factory-crashes";

    /// <summary>
    /// On a message that holds several materials of one run (all bound for its queue): how many. Each one's
    /// headers are in the body with it; the message's own headers are the run's (see <c>MaterialPack</c>).
    /// </summary>
    public const string Pack = "factory-pack";

    /// <summary>The W3C trace parent.</summary>
    public const string TraceParent = "traceparent";

    /// <summary>The W3C trace state.</summary>
    public const string TraceState = "tracestate";

    /// <summary>The kinds of message on a run's exit.</summary>
    public static class Kinds
    {
        /// <summary>An output of the line.</summary>
        public const string Output = "output";

        /// <summary>A material that failed at a station, or that no route took.</summary>
        public const string DeadLetter = "dead-letter";

        /// <summary>A station split a material into children (sent before any of them): the caller's run waits for each.</summary>
        public const string Split = "split";

        /// <summary>A route dropped a material on purpose.</summary>
        public const string Discard = "discard";

        /// <summary>A child of a split on its way to a gather, which the caller's run holds (<see cref="MessageHeaders.Gather"/>).</summary>
        public const string GatherPart = "gather-part";

        /// <summary>A material waits at a gate (<see cref="MessageHeaders.Station"/>), parked in the run's gate store; the caller's run sends it on once decided.</summary>
        public const string Parked = "parked";
    }

    // The nine every material has, its run's start, a station's version, a kind, the trace context: 14 entries
    // (room for 17, the next prime), no growing copies.
    private const int Capacity = 14;

    private static readonly object[] SmallLongs = Enumerable.Range(0, 17).Select(n => (object)(long)n).ToArray();
    private static readonly object[] SmallInts = Enumerable.Range(0, 17).Select(n => (object)n).ToArray();

    /// <summary><paramref name="number"/> boxed, the small ones (a root's parent 0, a first sequence...) shared rather than made again.</summary>
    internal static object Boxed(long number) => number >= 0 && number < SmallLongs.Length ? SmallLongs[number] : number;

    /// <summary>The headers of a material of run <paramref name="runId"/>.</summary>
    public static Dictionary<string, object?> For(string runId, MaterialInfo material, int attempt, JobOrder job, string? stationVersion) =>
        For(runId, material, attempt, job, stationVersion, sampling: null);

    /// <summary>The headers of a material of run <paramref name="runId"/>, with the run's <paramref name="sampling"/> terms (null: none).</summary>
    public static Dictionary<string, object?> For(string runId, MaterialInfo material, int attempt, JobOrder job, string? stationVersion, string? sampling) =>
        For(runId, runStart: null, material, attempt, job, stationVersion, sampling);

    /// <summary>The headers of a material of start <paramref name="runStart"/> (its mark, <see cref="RunStart"/>; null: none) of run <paramref name="runId"/>.</summary>
    internal static Dictionary<string, object?> For(string runId, string? runStart, MaterialInfo material, int attempt, JobOrder job, string? stationVersion, string? sampling)
    {
        ArgumentNullException.ThrowIfNull(job);

        // Sized for what a material's headers usually hold (no growing copies on the way), small numbers boxed once for all.
        var headers = new Dictionary<string, object?>(Capacity, StringComparer.Ordinal)
        {
            [RunId] = runId,
            [MaterialId] = Boxed(material.Id),
            [ParentId] = Boxed(material.ParentId),
            [Root] = Boxed(material.Root),
            [Sequence] = Boxed(material.Sequence),
            [Attempt] = attempt >= 0 && attempt < SmallInts.Length ? SmallInts[attempt] : attempt,
            [JobId] = job.Id,
            [Tenant] = job.Tenant,
            [Permissions] = job.Permissions.Count == 0 ? string.Empty : string.Join(',', job.Permissions),
        };
        if (runStart is not null)
        {
            headers[RunStart] = runStart;
        }

        if (job.Submitter is not null)
        {
            headers[Submitter] = job.Submitter;
        }

        if (stationVersion is not null)
        {
            headers[StationVersion] = stationVersion;
        }

        RunTerms.Write(headers, job.Budget, sampling);

        if (System.Diagnostics.Activity.Current is { } activity)
        {
            headers[TraceParent] = activity.Id;
            if (activity.TraceStateString is { Length: > 0 } state)
            {
                headers[TraceState] = state;
            }
        }

        return headers;
    }

    /// <summary><paramref name="headers"/>, with the run start <paramref name="received"/> carried (<see cref="CarryStart"/>).</summary>
    internal static Dictionary<string, object?> Marked(Dictionary<string, object?> headers, IDictionary<string, object?>? received)
    {
        CarryStart(headers, received);
        return headers;
    }

    /// <summary>
    /// Puts the run start <paramref name="received"/> carried on <paramref name="headers"/>: a material a station made belongs
    /// to the start its input did, and so does what it sends the run's exit (which a later start of the run reads).
    /// </summary>
    internal static void CarryStart(Dictionary<string, object?> headers, IDictionary<string, object?>? received)
    {
        if (Text(received, RunStart) is { } start)
        {
            headers[RunStart] = start;
        }
    }

    /// <summary>Sets the W3C trace state, or removes it when there is none.</summary>
    internal static void SetTraceState(Dictionary<string, object?> headers, string? state)
    {
        if (state is { Length: > 0 })
        {
            headers[TraceState] = state;
        }
        else
        {
            headers.Remove(TraceState);
        }
    }

    /// <summary>
    /// Puts the trace context <paramref name="received"/> carried on <paramref name="headers"/>: what a station
    /// that made no span (nobody listens, or its sampler dropped the material) passes on, as an activity never
    /// created leaves its parent current. Without it, a material whose sampler said none would reach the next
    /// worker with no context, a new root its sampler may keep.
    /// </summary>
    internal static void CarryTrace(Dictionary<string, object?> headers, IDictionary<string, object?>? received)
    {
        if (Text(received, TraceParent) is { } parent)
        {
            headers[TraceParent] = parent;
            SetTraceState(headers, Text(received, TraceState));
        }
    }

    /// <summary>The material's identity from <paramref name="headers"/>.</summary>
    /// <exception cref="FormatException">A header is missing or not a number.</exception>
    public static MaterialInfo Material(IDictionary<string, object?>? headers) =>
        new(Long(headers, MaterialId), Long(headers, ParentId), Long(headers, Sequence), Long(headers, Root));

    /// <summary>A text header (RabbitMQ hands them back as UTF-8 bytes), or null when absent.</summary>
    public static string? Text(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out object? value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            string text => text,
            null => null,
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        } : null;

    /// <summary>A text header that must be there.</summary>
    /// <exception cref="FormatException">It is missing.</exception>
    public static string RequiredText(IDictionary<string, object?>? headers, string name) =>
        Text(headers, name) ?? throw new FormatException($"The message has no '{name}' header: it was not sent by Factory.");

    /// <summary>A number header.</summary>
    /// <exception cref="FormatException">It is missing or not a number.</exception>
    public static long Long(IDictionary<string, object?>? headers, string name)
    {
        object? value = null;
        if (headers is null || !headers.TryGetValue(name, out value))
        {
            throw new FormatException($"The message has no '{name}' header: it was not sent by Factory.");
        }

        return value switch
        {
            long number => number,
            int number => number,
            short number => number,
            byte number => number,
            _ => throw new FormatException($"The message's '{name}' header is not a number."),
        };
    }
}
