using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Factory.RabbitMQ;

/// <summary>
/// What a worker tells a run's exit besides outputs, by headers: a dead letter and a discard (with what
/// they keep of their material as the body, JSON by the run's context, read back as a <see cref="JsonElement"/>;
/// the dead letter's input as typed stays in the worker's ledger record), a split's count of children.
/// </summary>
internal static class ExitMessages
{
    public static Dictionary<string, object?> DeadLetterHeaders(string runId, JobOrder job, DeadLetter letter, MaterialInfo material)
    {
        Dictionary<string, object?> headers = MessageHeaders.For(runId, material, letter.Attempts, job, letter.StationVersion);
        headers[MessageHeaders.Kind] = MessageHeaders.Kinds.DeadLetter;
        headers[MessageHeaders.Station] = letter.Station;
        headers[MessageHeaders.ExceptionType] = letter.ExceptionType;
        headers[MessageHeaders.Reason] = letter.Message;
        headers[MessageHeaders.Attempts] = letter.Attempts;
        return headers;
    }

    public static DeadLetter ReadDeadLetter(IDictionary<string, object?>? headers, MaterialInfo material, ReadOnlyMemory<byte> kept) =>
        new(
            material.Id,
            material.ParentId,
            MessageHeaders.RequiredText(headers, MessageHeaders.Station),
            MessageHeaders.Text(headers, MessageHeaders.StationVersion) ?? "1",
            (int)MessageHeaders.Long(headers, MessageHeaders.Attempts),
            MessageHeaders.RequiredText(headers, MessageHeaders.ExceptionType),
            MessageHeaders.Text(headers, MessageHeaders.Reason) ?? string.Empty,
            Kept(kept),
            DateTimeOffset.UtcNow)
        {
            Root = material.Root,
        };

    public static Dictionary<string, object?> SplitHeaders(string runId, JobOrder job, MaterialInfo parent, StationDescriptor station, int children)
    {
        Dictionary<string, object?> headers = MessageHeaders.For(runId, parent, 1, job, station.Version);
        headers[MessageHeaders.Kind] = MessageHeaders.Kinds.Split;
        headers[MessageHeaders.Station] = station.Path;
        headers[MessageHeaders.Children] = children;
        return headers;
    }

    public static Dictionary<string, object?> DiscardHeaders(string runId, JobOrder job, DiscardedMaterial discarded)
    {
        var material = new MaterialInfo(discarded.MaterialId, discarded.ParentId, 0, discarded.Root);
        Dictionary<string, object?> headers = MessageHeaders.For(runId, material, 1, job, stationVersion: null);
        headers[MessageHeaders.Kind] = MessageHeaders.Kinds.Discard;
        headers[MessageHeaders.Station] = discarded.Station;
        headers[MessageHeaders.CaseType] = discarded.CaseType;
        headers[MessageHeaders.Reason] = discarded.Reason;
        return headers;
    }

    public static DiscardedMaterial ReadDiscard(IDictionary<string, object?>? headers, MaterialInfo material, ReadOnlyMemory<byte> kept) =>
        new(
            material.Id,
            material.ParentId,
            MessageHeaders.RequiredText(headers, MessageHeaders.Station),
            MessageHeaders.RequiredText(headers, MessageHeaders.CaseType),
            MessageHeaders.Text(headers, MessageHeaders.Reason) ?? DiscardedMaterial.DiscardedByRoute,
            Kept(kept),
            DateTimeOffset.UtcNow)
        {
            Root = material.Root,
        };

    /// <summary>What a dead letter or discard kept of its material, as JSON; null for none.</summary>
    private static object? Kept(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        using JsonDocument document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
