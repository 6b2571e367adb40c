using System;
using System.Collections.Generic;

namespace Factory.RabbitMQ;

/// <summary>What a worker tells a run's exit besides outputs: a dead letter, by its headers (its input stays in the worker's ledger record).</summary>
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

    public static DeadLetter ReadDeadLetter(IDictionary<string, object?>? headers, MaterialInfo material) =>
        new(
            material.Id,
            material.ParentId,
            MessageHeaders.RequiredText(headers, MessageHeaders.Station),
            MessageHeaders.Text(headers, MessageHeaders.StationVersion) ?? "1",
            (int)MessageHeaders.Long(headers, MessageHeaders.Attempts),
            MessageHeaders.RequiredText(headers, MessageHeaders.ExceptionType),
            MessageHeaders.Text(headers, MessageHeaders.Reason) ?? string.Empty,
            input: null,
            DateTimeOffset.UtcNow)
        {
            Root = material.Root,
        };
}
