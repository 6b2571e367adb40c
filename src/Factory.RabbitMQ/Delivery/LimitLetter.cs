using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Factory.Runtime;
using Microsoft.Extensions.Logging;

namespace Factory.RabbitMQ;

/// <summary>
/// Makes a material past its station's delivery limit a dead letter of its run ("delivery limit",
/// <see cref="DeliveryLimit.ExceptionType"/>): sent to the run's exit (confirmed) and recorded in the ledger (flushed),
/// like any dead letter, so the run still gets one outcome per input. One way for both places a material is found
/// so: the line's dead-letter queue (the broker's limit) and a station's suspects queue (the worker's count).
/// </summary>
internal sealed class LimitLetter(LineTopology topology, WorkerRuns runs, LineWorkerOptions options, ILogger logger, CancellationToken stopping)
{
    /// <summary>Sends and records the dead letter of the material <paramref name="headers"/> describe, past <paramref name="station"/>'s limit.</summary>
    public async Task SendAsync(IDictionary<string, object?>? headers, StationDescriptor station, ConfirmedPublisher publisher)
    {
        RemoteScope scope = runs.For(headers);
        MaterialInfo material = MessageHeaders.Material(headers);
        int limit = topology.Options.DeliveryLimitOf(station);
        var letter = new DeadLetter(
            material.Id,
            material.ParentId,
            station.Path,
            station.Version,
            limit + 1,
            DeliveryLimit.ExceptionType,
            DeliveryLimit.Reason(limit),
            input: null,
            DateTimeOffset.UtcNow)
        {
            Root = material.Root,
        };
        string exit = topology.ExitQueueName(scope.Info.RunId);
        try
        {
            await publisher.PublishAsync(exit, MessageHeaders.Marked(ExitMessages.DeadLetterHeaders(scope.Info.RunId, scope.Job, letter, material), headers), ReadOnlyMemory<byte>.Empty, stopping).ConfigureAwait(false);
        }
        catch (UnroutableException)
        {
            logger.LogWarning("Run {RunId} has no exit any more; its material {MaterialId} past the delivery limit is recorded only", scope.Info.RunId, material.Id);
        }

        scope.Record(new StationOutcome([], letter, []));
        if (options.Ledger is { } ledger)
        {
            await ledger.FlushAsync(stopping).ConfigureAwait(false);
        }

        logger.LogWarning("Material {MaterialId} of run {RunId} passed the delivery limit at station {Station}: a dead letter", material.Id, scope.Info.RunId, station.Path);
    }
}
