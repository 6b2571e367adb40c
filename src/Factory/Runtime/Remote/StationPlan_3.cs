using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// A station's call, as the generated code wired it, run one material at a time for a worker: the
/// attempts loop of <see cref="Attempts{TCall, TSubject, TOut}"/> without belts, outboxes or run state,
/// since each material comes and goes as a message.
/// </summary>
internal sealed class StationPlan<TIn, TOut, TWork>(StationDescriptor station, int index, TWork work) : StationPlan(station, index), IPlannedEnd<TOut>
    where TWork : struct, IStationWork<TIn, TOut>
{
    private RemoteHop<TOut>? next;

    public override Type InputType => typeof(TIn);

    public override Type OutputType => typeof(TOut);

    public override async ValueTask<StationOutcome> ProcessAsync(ReadOnlyMemory<byte> input, MaterialInfo material, RemoteScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        TIn value;
        try
        {
            value = JsonSerializer.Deserialize(input.Span, TypeInfo<TIn>(scope))!;
        }
        catch (JsonException unreadable)
        {
            // Retrying cannot mend the message: it is a dead letter at once, kept without its input.
            var unread = new Material<TIn>(default!, material.Id, material.ParentId, material.Sequence, scope.Job, 1) { Root = material.Root };
            return new StationOutcome([], DeadLetters.Failed(scope.Job, Station, unread, null, unreadable, 0), []);
        }

        var entered = new Material<TIn>(value, material.Id, material.ParentId, material.Sequence, scope.Job, 1) { Root = material.Root };
        Quality.StationSampler<TIn, TOut>? sampler = scope.SamplerFor<TIn, TOut>(Station);
        var context = new StationContext(Station, scope.Job) { Inspections = sampler };
        var executions = new List<StationExecution>(1);
        for (int attempt = 1; ; attempt++)
        {
            var outputs = new OutputBuffer<TOut>();
            Exception? failure = await AttemptAsync(entered, attempt, context, outputs, executions, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                // Quality control as in process: the same seeded choice of materials, inputs and outputs redacted.
                sampler?.Offer(entered, outputs, work);
                return SendOn(entered, outputs, scope, executions);
            }

            if (attempt >= Station.Options.MaxAttempts)
            {
                return new StationOutcome([], DeadLetters.Failed(scope.Job, Station, entered, work.Redact(value), failure, attempt), executions);
            }

            await Task.Delay(RetryBackoff.After(Station.Options.BackoffMs, attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One attempt, recorded in <paramref name="executions"/>; its failure (a timeout as a <see cref="TimeoutException"/>), or null.</summary>
    private async Task<Exception?> AttemptAsync(
        Material<TIn> material, int attempt, StationContext context, OutputBuffer<TOut> outputs, List<StationExecution> executions, CancellationToken cancellationToken)
    {
        int timeoutMs = Station.Options.TimeoutMs;
        using CancellationTokenSource? timeout = timeoutMs > 0 ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        timeout?.CancelAfter(timeoutMs);
        CancellationToken token = timeout?.Token ?? cancellationToken;
        context.Begin(material, attempt, token);
        DateTimeOffset started = DateTimeOffset.UtcNow;
        long clock = Stopwatch.GetTimestamp();
        Exception? failure = null;
        try
        {
            // A call that ignores its token is let go of at the timeout (its late outputs land in a buffer nobody reads).
            await work.ProcessAsync(material.Value, context, outputs, token).AsTask().WaitAsync(token).ConfigureAwait(false);
        }
        catch (Exception thrown) when (!cancellationToken.IsCancellationRequested)
        {
            failure = thrown is OperationCanceledException && timeout is { IsCancellationRequested: true }
                ? new TimeoutException($"Station '{Station.Path}' did not finish material {material.Id} within {timeoutMs} ms (attempt {attempt}).")
                : thrown;
        }

        ExecutionOutcome outcome = failure is null ? ExecutionOutcome.Succeeded : failure is TimeoutException ? ExecutionOutcome.TimedOut : ExecutionOutcome.Failed;
        executions.Add(new StationExecution(
            Station,
            MaterialInfo.Of(material),
            attempt,
            started,
            Stopwatch.GetElapsedTime(clock),
            outcome,
            failure?.GetType().FullName,
            failure is null ? null : material.Job.Secrets.Redact(failure.Message),
            context.Model,
            context.InputTokens,
            context.OutputTokens)
        {
            Cost = context.Cost,
        });
        return failure;
    }

    public void Connect(Belt<TOut> output) => throw new InvalidOperationException($"Station '{Station.Path}' runs elsewhere: it has no belt.");

    public void SendTo(RemoteHop<TOut> hop) => next = hop;

    /// <summary>Each output on its hop (the next station's queue, a route, the exit); a split's outputs are children with their index as sequence.</summary>
    private StationOutcome SendOn(in Material<TIn> material, OutputBuffer<TOut> outputs, RemoteScope scope, List<StationExecution> executions)
    {
        RemoteHop<TOut> hop = next ?? throw new InvalidOperationException($"Station '{Station.Path}' has nothing after it in the plan. Rebuild the project so the generated code matches.");
        var sends = new RemoteSends();
        for (int i = 0; i < outputs.Count; i++)
        {
            hop.Send(Station.Splits ? material.Child(outputs[i], i) : material.With(outputs[i]), scope, sends);
        }

        return new StationOutcome(sends.Outputs, null, executions)
        {
            Children = Station.Splits ? outputs.Count : null,
            RouteLetters = sends.Letters,
            Discards = sends.Discards,
        };
    }

    private JsonTypeInfo<T> TypeInfo<T>(RemoteScope scope) => RemoteJson.TypeInfo<T>(scope, $"the input of station '{Station.Path}'");
}
