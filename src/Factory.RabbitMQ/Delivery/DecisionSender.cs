using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Factory.Runtime;

namespace Factory.RabbitMQ;

/// <summary>
/// The caller's end of a run's gates on RabbitMQ: runs <see cref="RemoteGates"/>, which takes each decision
/// from the shared ledger once, and publishes what a decided material becomes (confirmed) to the queue
/// of the station after the gate's route, or to the run's exit, as a worker sends a station's outputs on.
/// </summary>
internal static class DecisionSender
{
    public static async Task RunAsync<TOut>(RemoteRun<TOut> run, string start, RemoteGates gates, JsonSerializerContext json, LineTopology topology, ConfirmedPublisher publisher, CancellationToken cancellationToken)
    {
        string exit = topology.ExitQueueName(run.RunId);
        try
        {
            await gates.RunAsync(
                json,
                (output, gate, token) => new ValueTask(publisher.PublishAsync(output.Next is { } next ? topology.StationQueues[next].Name : exit, Headers(run, start, output, gate), output.Body, token)),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended: what is still parked stays in the ledger.
        }
        catch (Exception exception) when (!run.Token.IsCancellationRequested)
        {
            run.Fail(new InvalidOperationException($"Run '{run.RunId}' could not send a decided material on from its gates: {exception.Message}", exception));
        }
    }

    private static Dictionary<string, object?> Headers<TOut>(RemoteRun<TOut> run, string start, RemoteOutput output, StationDescriptor gate)
    {
        Dictionary<string, object?> headers = MessageHeaders.For(run.RunId, start, output.Material, attempt: 1, run.Job, gate.Version, run.SamplingTerms);
        OutcomeSender.MarkKind(headers, output, gate.Path);
        return headers;
    }
}
