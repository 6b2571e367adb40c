using System;
using Microsoft.Extensions.Logging;

namespace Factory.Telemetry;

/// <summary>
/// Factory's log messages, source-generated (no boxing, no parsing at run time). Every message that
/// may carry text from a failure is redacted with the job order's secrets before it is logged.
/// </summary>
internal static partial class FactoryLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Run {RunId} of line {Line} started for job {JobId} (tenant {Tenant})")]
    public static partial void RunStarted(ILogger logger, string runId, string line, string jobId, string tenant);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Run {RunId} of line {Line} ended {Outcome}: {In} in, {Out} out, {DeadLettered} dead-lettered, {Discarded} discarded in {DurationMs} ms")]
    public static partial void RunEnded(ILogger logger, string runId, string line, LineOutcome outcome, long @in, long @out, long deadLettered, long discarded, long durationMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Run {RunId} of line {Line} failed: {ErrorType}: {Reason}")]
    public static partial void RunFailed(ILogger logger, string runId, string line, string errorType, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Station {Station} will retry material {MaterialId} after attempt {Attempt} failed: {ErrorType}: {Reason}")]
    public static partial void Retrying(ILogger logger, string station, long materialId, int attempt, string errorType, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Material {MaterialId} became a dead letter at station {Station} v{Version} after {Attempts} attempt(s): {ErrorType}: {Reason}")]
    public static partial void DeadLettered(ILogger logger, long materialId, string station, string version, int attempts, string errorType, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Job {JobId} budget exhausted: {Reason}")]
    public static partial void BudgetExhausted(ILogger logger, string jobId, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Circuit breaker for model {Model} is {State}")]
    public static partial void BreakerState(ILogger logger, string model, string state);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Gate {Gate} of run {RunId} parks materials in {Store}, in this process's memory: they and their decisions do not survive the process. Give RunOptions.Gates a durable store to keep them")]
    public static partial void GateNotDurable(ILogger logger, string gate, string runId, string store);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "Run {RunId}: {Trip}")]
    public static partial void AndonTripped(ILogger logger, string runId, string trip);

    /// <summary>A failure's message without the job's secret values.</summary>
    public static string Redacted(JobOrder job, Exception failure) => job.Secrets.Redact(failure.Message);
}
