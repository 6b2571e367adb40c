using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Microsoft.AspNetCore.Http;

namespace Factory.ControlRoom;

/// <summary>
/// A live run's per-station counts as server-sent events, twice a second until the run completes or
/// the browser goes: <c>event: counts</c> with a JSON object per station, then <c>event: ended</c>.
/// </summary>
internal static class RunEvents
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    public static async Task StreamAsync(RoomRequest request)
    {
        string runId = request.Route("runId")!;
        CancellationToken aborted = request.Http.RequestAborted;
        if (await request.Ledger.FindRunAsync(runId, aborted).ConfigureAwait(false) is not { } found)
        {
            await request.NotFoundAsync().ConfigureAwait(false);
            return;
        }

        RunRecord run = found.Run;
        HttpResponse response = request.Http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        await response.Body.FlushAsync(aborted).ConfigureAwait(false);
        try
        {
            while (RunScreen.LiveFor(request, run) is { } live && !live.IsCompleted)
            {
                await WriteAsync(response, "counts", Counts(live), aborted).ConfigureAwait(false);
                await Task.Delay(Every, aborted).ConfigureAwait(false);
            }

            await WriteAsync(response, "ended", "{}", aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The browser left.
        }
    }

    private static async Task WriteAsync(HttpResponse response, string name, string data, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"event: {name}\ndata: {data}\n\n", cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The counts as one line of JSON: <c>{"paused":false,"stations":{"Path":{"in":1,...}}}</c>.</summary>
    internal static string Counts(ILiveRun live)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("paused", live.IsPaused);
            json.WriteStartObject("stations");
            foreach (StationStatus status in live.Stations)
            {
                json.WriteStartObject(status.Station.Path);
                json.WriteNumber("in", status.In);
                json.WriteNumber("out", status.Out);
                json.WriteNumber("queued", status.Queued);
                json.WriteNumber("dead", status.DeadLettered);
                json.WriteNumber("retries", status.Retries);
                json.WriteNumber("tokens", status.InputTokens + status.OutputTokens);
                json.WriteString("cost", Figures.Cost(status.Cost));
                json.WriteString("p95", Figures.Duration(status.P95Duration));
                json.WriteString("text", LineDrawing.Counts(status));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
