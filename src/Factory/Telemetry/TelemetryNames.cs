namespace Factory.Telemetry;

/// <summary>
/// Every name Factory's telemetry uses, in one place: the activity source and meter, span names,
/// instrument names and units, and attribute keys. Names follow the OpenTelemetry conventions
/// (dot-separated, lower case, units in UCUM; model calls use the gen_ai semantic conventions).
/// </summary>
public static class TelemetryNames
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/> name.</summary>
    public const string Source = "Factory";

    /// <summary>Span of one run of a line: the span is named this, a space and the line's name (<c>factory.run Triage</c>).</summary>
    public const string RunSpan = "factory.run";

    /// <summary>Span a material's trace starts with, when it enters a line.</summary>
    public const string MaterialSpan = "factory.material";

    /// <summary>
    /// Span of one attempt of one station on one material: named this, a space and the station's path. Plain
    /// synchronous stations run as one step (fused) make one span per material together, named this, a space
    /// and their paths joined by <see cref="ChainSeparator"/> (<c>factory.station AddOne &gt; Twice &gt; Negate</c>).
    /// </summary>
    public const string StationSpan = "factory.station";

    /// <summary>What joins the paths of the stations one <see cref="StationSpan"/> covers, when it covers several.</summary>
    public const string ChainSeparator = " > ";

    /// <summary>Span of one model call (thinking units).</summary>
    public const string ModelSpan = "gen_ai.chat";

    /// <summary>Span of a material's wait at a gate, from parking to the decision taken: named this, a space and the gate's path.</summary>
    public const string GateSpan = "factory.gate";

    /// <summary>Observable gauge: materials waiting at a gate for a decision.</summary>
    public const string GateWaiting = "factory.gate.waiting";

    /// <summary>Histogram: how long a material waited at a gate for its decision, in seconds.</summary>
    public const string GateDecisionTime = "factory.gate.decision.duration";

    /// <summary>Attribute: how a gate decided (Approved, Rejected, DeadLettered).</summary>
    public const string GateDecision = "factory.gate.decision";

    /// <summary>Attribute: true when a gate's timeout decided, not a person.</summary>
    public const string GateTimedOut = "factory.gate.timed_out";

    /// <summary>Counter: materials a station finished (its output went on).</summary>
    public const string MaterialsProcessed = "factory.station.materials.processed";

    /// <summary>Counter: attempts that failed (retried, or the last one before a dead letter).</summary>
    public const string AttemptsFailed = "factory.station.attempts.failed";

    /// <summary>Counter: materials that became dead letters.</summary>
    public const string MaterialsDeadLettered = "factory.station.materials.dead_lettered";

    /// <summary>Histogram: how long one attempt took, in seconds.</summary>
    public const string StationDuration = "factory.station.duration";

    /// <summary>Observable gauge: materials waiting in a station's input buffer.</summary>
    public const string QueueDepth = "factory.station.queue.depth";

    /// <summary>Observable gauge: materials a station is working on.</summary>
    public const string InFlight = "factory.station.in_flight";

    /// <summary>Counter: model tokens used (gen_ai convention).</summary>
    public const string ModelTokens = "gen_ai.client.token.usage";

    /// <summary>Counter: model cost spent.</summary>
    public const string ModelCost = "factory.model.cost";

    /// <summary>Observable gauge: what a job order's budget has left.</summary>
    public const string BudgetRemaining = "factory.budget.remaining";

    /// <summary>Counter: outputs sent to the review queue (tags: station, version, reason).</summary>
    public const string QualitySampled = "factory.quality.sampled";

    /// <summary>Counter: outputs inspected (tags: station, version, verdict).</summary>
    public const string QualityInspected = "factory.quality.inspected";

    /// <summary>Counter: andons tripped (tags: station, version, action).</summary>
    public const string QualityAndon = "factory.quality.andon";

    /// <summary>Tag: why an output was sampled (Rate, Predicate, Andon).</summary>
    public const string QualityReason = "factory.quality.reason";

    /// <summary>Tag: an inspection's verdict (ok, defect).</summary>
    public const string QualityVerdict = "factory.quality.verdict";

    /// <summary>Tag: what a tripped andon did (Pause, RouteToReview).</summary>
    public const string QualityAction = "factory.quality.action";

    /// <summary>Unit of material counts.</summary>
    public const string MaterialUnit = "{material}";

    /// <summary>Unit of attempt counts.</summary>
    public const string AttemptUnit = "{attempt}";

    /// <summary>Unit of durations.</summary>
    public const string SecondsUnit = "s";

    /// <summary>Attribute: the line's name.</summary>
    public const string Line = "factory.line";

    /// <summary>Attribute: the station's path (name inside nested lines); on the span of stations run as one step, the one that failed.</summary>
    public const string Station = "factory.station";

    /// <summary>Attribute: the station's version.</summary>
    public const string StationVersion = "factory.station.version";

    /// <summary>Attribute: the run's id.</summary>
    public const string RunId = "factory.run.id";

    /// <summary>Attribute: the job order's id.</summary>
    public const string JobId = "factory.job.id";

    /// <summary>Attribute: the job order's tenant.</summary>
    public const string Tenant = "factory.tenant";

    /// <summary>Attribute: the material's id (on its <see cref="MaterialSpan"/>; on station spans, a split's child's, which share their parent's trace).</summary>
    public const string MaterialId = "factory.material.id";

    /// <summary>Attribute: the id of the material it was split from.</summary>
    public const string ParentId = "factory.material.parent_id";

    /// <summary>Attribute: the attempt number.</summary>
    public const string Attempt = "factory.attempt";

    /// <summary>Attribute: how an attempt or run ended.</summary>
    public const string Outcome = "factory.outcome";

    /// <summary>Attribute: the exception type of a failure (OpenTelemetry's error.type).</summary>
    public const string ErrorType = "error.type";

    /// <summary>Attribute: the model asked (gen_ai).</summary>
    public const string RequestModel = "gen_ai.request.model";

    /// <summary>Attribute: input tokens (gen_ai).</summary>
    public const string InputTokens = "gen_ai.usage.input_tokens";

    /// <summary>Attribute: output tokens (gen_ai).</summary>
    public const string OutputTokens = "gen_ai.usage.output_tokens";

    /// <summary>Attribute: input or output, for token counts (gen_ai).</summary>
    public const string TokenType = "gen_ai.token.type";
}
