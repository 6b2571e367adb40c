using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// A batch station's call for a worker: runs the station on what the worker has at hand (up to its
/// <c>BatchSize</c>), with the attempts, backoff and timeout of the station as in process. Provenance
/// is per material, as in process: every material gets the batch's attempts and, when the batch fails
/// for good, a dead letter of its own.
/// </summary>
internal sealed class BatchPlan<TIn, TOut, TWork>(StationDescriptor station, int index, TWork work) : StationPlan(station, index), IPlannedEnd<TOut>
    where TWork : struct, IBatchWork<TIn, TOut>
{
    private RemoteHop<TOut>? next;

    public override Type InputType => typeof(TIn);

    public override Type OutputType => typeof(TOut);

    public override bool IsBatch => true;

    public void Connect(Belt<TOut> output) => throw new InvalidOperationException($"Station '{Station.Path}' runs elsewhere: it has no belt.");

    public void SendTo(RemoteHop<TOut> hop) => next = hop;

    public override async ValueTask<StationOutcome> ProcessAsync(ReadOnlyMemory<byte> input, MaterialInfo material, RemoteScope scope, CancellationToken cancellationToken) =>
        (await ProcessBatchAsync([new RemoteInput(input, material)], scope, cancellationToken).ConfigureAwait(false))[0];

    public override async ValueTask<IReadOnlyList<StationOutcome>> ProcessBatchAsync(IReadOnlyList<RemoteInput> inputs, RemoteScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(scope);
        var outcomes = new StationOutcome?[inputs.Count];
        var batch = new List<(int Slot, Material<TIn> Material)>(inputs.Count);
        for (int i = 0; i < inputs.Count; i++)
        {
            MaterialInfo info = inputs[i].Material;
            try
            {
                TIn value = JsonSerializer.Deserialize(inputs[i].Body.Span, RemoteJson.TypeInfo<TIn>(scope, $"the input of station '{Station.Path}'"))!;
                batch.Add((i, new Material<TIn>(value, info.Id, info.ParentId, info.Sequence, scope.Job, 1) { Root = info.Root }));
            }
            catch (JsonException unreadable)
            {
                // Retrying cannot mend the message: a dead letter at once, kept without its input; the others go on.
                var unread = new Material<TIn>(default!, info.Id, info.ParentId, info.Sequence, scope.Job, 1) { Root = info.Root };
                outcomes[i] = new StationOutcome([], DeadLetters.Failed(scope.Job, Station, unread, null, unreadable, 0), []);
            }
        }

        if (batch.Count > 0)
        {
            await RunAsync(batch, outcomes, scope, cancellationToken).ConfigureAwait(false);
        }

        return outcomes!;
    }

    private async Task RunAsync(List<(int Slot, Material<TIn> Material)> batch, StationOutcome?[] outcomes, RemoteScope scope, CancellationToken cancellationToken)
    {
        var values = new TIn[batch.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = batch[i].Material.Value;
        }

        var executions = new List<StationExecution>[batch.Count];
        for (int i = 0; i < executions.Length; i++)
        {
            executions[i] = [];
        }

        var context = new StationContext(Station, scope.Job);
        for (int attempt = 1; ; attempt++)
        {
            (IReadOnlyList<TOut>? outputs, Exception? failure) = await AttemptAsync(batch, values, attempt, context, executions, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                RemoteHop<TOut> hop = next ?? throw new InvalidOperationException($"Station '{Station.Path}' has nothing after it in the plan. Rebuild the project so the generated code matches.");
                for (int i = 0; i < batch.Count; i++)
                {
                    var sends = new RemoteSends();
                    hop.Send(batch[i].Material.With(outputs![i]), scope, sends);
                    outcomes[batch[i].Slot] = new StationOutcome(sends.Outputs, null, executions[i]) { RouteLetters = sends.Letters, Discards = sends.Discards };
                }

                return;
            }

            if (attempt >= Station.Options.MaxAttempts)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    Material<TIn> material = batch[i].Material;
                    outcomes[batch[i].Slot] = new StationOutcome([], DeadLetters.Failed(scope.Job, Station, material, work.Redact(material.Value), failure, attempt), executions[i]);
                }

                return;
            }

            await Task.Delay(RetryBackoff.After(Station.Options.BackoffMs, attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One attempt on the whole batch, recorded for each material; its outputs (one per input, in order), or its failure.</summary>
    private async Task<(IReadOnlyList<TOut>? Outputs, Exception? Failure)> AttemptAsync(
        List<(int Slot, Material<TIn> Material)> batch, TIn[] values, int attempt, StationContext context, List<StationExecution>[] executions, CancellationToken cancellationToken)
    {
        int timeoutMs = Station.Options.TimeoutMs;
        using CancellationTokenSource? timeout = timeoutMs > 0 ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        timeout?.CancelAfter(timeoutMs);
        CancellationToken token = timeout?.Token ?? cancellationToken;
        context.Begin(batch[0].Material, attempt, token);
        DateTimeOffset started = DateTimeOffset.UtcNow;
        long clock = Stopwatch.GetTimestamp();
        IReadOnlyList<TOut>? outputs = null;
        Exception? failure = null;
        try
        {
            outputs = await work.ProcessAsync(values, context, token).AsTask().WaitAsync(token).ConfigureAwait(false);
            if ((outputs?.Count ?? 0) != values.Length)
            {
                failure = new InvalidOperationException(
                    $"Batch station '{Station.Path}' returned {outputs?.Count ?? 0} outputs for {values.Length} inputs; a batch station gives one output per input, in order.");
            }
        }
        catch (Exception thrown) when (!cancellationToken.IsCancellationRequested)
        {
            failure = thrown is OperationCanceledException && timeout is { IsCancellationRequested: true }
                ? new TimeoutException($"Batch station '{Station.Path}' did not finish a batch of {values.Length} within {timeoutMs} ms (attempt {attempt}).")
                : thrown;
        }

        ExecutionOutcome outcome = failure is null ? ExecutionOutcome.Succeeded : failure is TimeoutException ? ExecutionOutcome.TimedOut : ExecutionOutcome.Failed;
        TimeSpan duration = Stopwatch.GetElapsedTime(clock);
        string? message = failure is null ? null : context.Job.Secrets.Redact(failure.Message);
        for (int i = 0; i < batch.Count; i++)
        {
            executions[i].Add(new StationExecution(
                Station, MaterialInfo.Of(batch[i].Material), attempt, started, duration, outcome, failure?.GetType().FullName, message, context.Model, context.InputTokens, context.OutputTokens));
        }

        return (failure is null ? outputs : null, failure);
    }
}
