using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Factory.Runtime;
using Microsoft.Extensions.Logging;

namespace Factory.RabbitMQ;

/// <summary>
/// What a worker publishes once a station has worked on a material: its outputs to their next queues,
/// and to the run's exit what the caller must hear (a split's count, dead letters, discards, parked
/// notices, the line's outputs), each through the packing publisher and confirmed.
/// </summary>
internal sealed class OutcomeSender(PackingPublisher packer, LineTopology topology, StationPlan station, LineWorkerOptions options, ILogger logger)
{
    /// <summary>
    /// Publishes, each confirmed: a split's count to the run's exit first (so the caller waits for the
    /// children before any can arrive), then each output to its next queue (a station's, or the exit),
    /// then what routes dead-lettered or discarded; or the station's dead letter to the exit. Outputs carry the run
    /// start the input's headers (<paramref name="received"/>) name (so does what goes to the exit), and the current span's context, or with
    /// <paramref name="carryTrace"/> (the station made no span) the one the input carried.
    /// </summary>
    public async Task SendAsync(RemoteScope scope, StationOutcome outcome, MaterialInfo material, bool repeat, IDictionary<string, object?>? received, bool carryTrace)
    {
        string runId = scope.Info.RunId;
        string exit = topology.ExitQueueName(runId);
        int attempts = outcome.Executions.Count;
        try
        {
            if (outcome.DeadLetter is { } letter)
            {
                await packer.PublishAsync(exit, runId, MessageHeaders.Marked(ExitMessages.DeadLetterHeaders(runId, scope.Job, letter, material), received), scope.Kept(letter.Input)).ConfigureAwait(false);
                return;
            }

            if (outcome.Children is { } children)
            {
                await packer.PublishAsync(exit, runId, MessageHeaders.Marked(ExitMessages.SplitHeaders(runId, scope.Job, material, station.Station, children), received), ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);
            }

            // A material a station made belongs to the start its input did.
            string? mark = MessageHeaders.Text(received, MessageHeaders.RunStart);
            int part = 0;
            foreach (RemoteOutput output in outcome.Outputs)
            {
                Dictionary<string, object?> headers = MessageHeaders.For(runId, mark, output.Material, attempts, scope.Job, station.Station.Version, scope.Sampling);
                if (carryTrace)
                {
                    MessageHeaders.CarryTrace(headers, received);
                }

                if (repeat)
                {
                    headers[MessageHeaders.Repeat] = 1;
                }

                MarkKind(headers, output, station.Station.Path);
                await packer.PublishAsync(output.Next is { } next ? topology.StationQueues[next].Name : exit, runId, headers, output.Body).ConfigureAwait(false);
                if (options.PartSent is { } sent)
                {
                    await sent(station.Station, material, part++).ConfigureAwait(false);
                }
            }

            foreach (DeadLetter routeLetter in outcome.RouteLetters)
            {
                MaterialInfo routed = new(routeLetter.MaterialId, routeLetter.ParentId, 0, routeLetter.Root);
                await packer.PublishAsync(exit, runId, MessageHeaders.Marked(ExitMessages.DeadLetterHeaders(runId, scope.Job, routeLetter, routed), received), scope.Kept(routeLetter.Input)).ConfigureAwait(false);
            }

            foreach (DiscardedMaterial discarded in outcome.Discards)
            {
                await packer.PublishAsync(exit, runId, MessageHeaders.Marked(ExitMessages.DiscardHeaders(runId, scope.Job, discarded), received), scope.Kept(discarded.Value)).ConfigureAwait(false);
            }
        }
        catch (UnroutableException gone) when (gone.Queue == exit)
        {
            // The run's caller is gone (its run ended or was cancelled, and its exit deleted): nobody waits for this outcome.
            logger.LogWarning("Run {RunId} has no exit any more; material {MaterialId} at station {Station} is dropped", runId, material.Id, station.Station.Path);
        }
    }

    /// <summary>
    /// Says in <paramref name="headers"/> what <paramref name="output"/> is at its queue: a gather's part or a
    /// parked notice of <paramref name="station"/> (both to the run's exit), the line's output, or nothing
    /// for a material on its way to a station.
    /// </summary>
    public static void MarkKind(Dictionary<string, object?> headers, RemoteOutput output, string station)
    {
        if (output.Gather is { } gather)
        {
            headers[MessageHeaders.Kind] = MessageHeaders.Kinds.GatherPart;
            headers[MessageHeaders.Gather] = gather;
        }
        else if (output.Parked)
        {
            headers[MessageHeaders.Kind] = MessageHeaders.Kinds.Parked;
            headers[MessageHeaders.Station] = station;
        }
        else if (output.Next is null)
        {
            headers[MessageHeaders.Kind] = MessageHeaders.Kinds.Output;
        }
    }
}
