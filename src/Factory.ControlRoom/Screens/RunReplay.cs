using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger;
using Microsoft.AspNetCore.Http;

namespace Factory.ControlRoom;

/// <summary>Replays every open dead letter of a run in one new run, after a dry run that says how many and through which line version.</summary>
internal static class RunReplay
{
    public static async Task ReplayAsync(RoomRequest request)
    {
        string runId = request.Route("runId")!;
        if (await request.Ledger.FindRunAsync(runId, request.Http.RequestAborted).ConfigureAwait(false) is not { } found)
        {
            await request.NotFoundAsync().ConfigureAwait(false);
            return;
        }

        (RunRecord run, ILedgerView view) = found;
        ControlRoomReplays.IReplayer? replayer = request.Room.Options.Replays.Find(run.Line);
        if (replayer is null)
        {
            await request.PlainAsync($"This process cannot replay runs of line '{run.Line}': the hosting application registers the lines it replays through (ControlRoomOptions.Replays.Add).", StatusCodes.Status409Conflict).ConfigureAwait(false);
            return;
        }

        IReadOnlyList<DeadLetterRecord> open = await view.ListDeadLettersAsync(new DeadLetterQuery { RunId = runId, Limit = 100_000 }, request.Http.RequestAborted).ConfigureAwait(false);
        int replayable = open.Count(l => l.CanReplay);
        string message;
        if (await request.FormAsync("dryRun").ConfigureAwait(false) is not null)
        {
            message = $"Dry run: {replayable} of {open.Count} open dead letters of run {runId} would run again, in one new run, through line '{replayer.Descriptor.Name}' version {replayer.Version[..12]} (the run recorded version {run.LineHash[..Math.Min(12, run.LineHash.Length)]}). Nothing was replayed.";
        }
        else if (replayable == 0)
        {
            message = $"Run {runId} has no open dead letter whose input the ledger holds: nothing to replay.";
        }
        else
        {
            string reason = (await request.FormAsync("reason").ConfigureAwait(false) ?? "").Trim();
            try
            {
                (string replayRun, int replayed, int skipped) = await replayer.ReplayRunAsync(request.Room.Ledger, runId, request.Actor!.Name, reason.Length == 0 ? "replayed from the control room" : reason, request.Http.RequestAborted).ConfigureAwait(false);
                message = $"Replayed {replayed} dead letters of run {runId} in run {replayRun}; {skipped} left alone.";
            }
            catch (LedgerException exception)
            {
                message = exception.Message;
            }
        }

        await request.HtmlAsync(Layout.Page(request, "Replay run " + runId, html =>
        {
            Layout.Notice(html, message);
            html.Open("p").Link($"{request.Prefix}/runs/{Uri.EscapeDataString(runId)}", "Back to the run").Close("p");
        })).ConfigureAwait(false);
    }
}
