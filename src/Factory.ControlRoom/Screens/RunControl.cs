using System;
using System.Threading.Tasks;
using Factory.Ledger;
using Microsoft.AspNetCore.Http;

namespace Factory.ControlRoom;

/// <summary>Pause, resume and cancel a live run of this process; each audited with the state before and after.</summary>
internal static class RunControl
{
    public static Task PauseAsync(RoomRequest request) => ActAsync(request, RoomAudit.RunPaused, live => live.Pause(), "paused");

    public static Task ResumeAsync(RoomRequest request) => ActAsync(request, RoomAudit.RunResumed, live => live.Resume(), "running");

    public static Task CancelAsync(RoomRequest request) => ActAsync(request, RoomAudit.RunCancelled, live => live.Cancel(), "cancelled");

    private static async Task ActAsync(RoomRequest request, string action, Action<ILiveRun> act, string after)
    {
        string runId = request.Route("runId")!;
        if (await request.Ledger.FindRunAsync(runId, request.Http.RequestAborted).ConfigureAwait(false) is not { } found)
        {
            await request.NotFoundAsync().ConfigureAwait(false);
            return;
        }

        RunRecord run = found.Run;
        if (RunScreen.LiveFor(request, run) is not { } live || live.IsCompleted)
        {
            await request.Room.Audit.WriteAsync(request.Actor!.Name, RoomAudit.Refused, run.RunId, run.Job.Tenant, null, null, action + ": the run is not live in this process").ConfigureAwait(false);
            await request.PlainAsync($"Run {run.RunId} is not running in this process: only runs the hosting process registered (ControlRoomLiveRuns) can be paused, resumed or cancelled.", StatusCodes.Status409Conflict).ConfigureAwait(false);
            return;
        }

        string before = Describe(live);
        act(live);
        await request.Room.Audit.WriteAsync(request.Actor!.Name, action, run.RunId, run.Job.Tenant, before, Describe(live)).ConfigureAwait(false);
        await request.SeeOtherAsync("/runs/" + Uri.EscapeDataString(run.RunId)).ConfigureAwait(false);
    }

    private static string Describe(ILiveRun live) => live.IsCompleted ? "completed" : live.IsPaused ? "paused" : "running";
}
