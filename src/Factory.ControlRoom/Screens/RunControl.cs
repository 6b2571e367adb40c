using System;
using System.Threading.Tasks;
using Factory.Ledger;
using Microsoft.AspNetCore.Http;

namespace Factory.ControlRoom;

/// <summary>
/// Pause, resume and cancel: a live run of this process directly, audited with the state before and
/// after; a run another process holds through the ledger, which records and audits the request and
/// whose holder applies it within about a second (<see cref="ILedgerView.RequestRunControlAsync"/>).
/// </summary>
internal static class RunControl
{
    public static Task PauseAsync(RoomRequest request) => ActAsync(request, RoomAudit.RunPaused, live => live.Pause(), RunControlRequest.Pause);

    public static Task ResumeAsync(RoomRequest request) => ActAsync(request, RoomAudit.RunResumed, live => live.Resume(), RunControlRequest.Resume);

    public static Task CancelAsync(RoomRequest request) => ActAsync(request, RoomAudit.RunCancelled, live => live.Cancel(), RunControlRequest.Cancel);

    private static async Task ActAsync(RoomRequest request, string action, Action<ILiveRun> act, RunControlRequest asked)
    {
        string runId = request.Route("runId")!;
        if (await request.Ledger.FindRunAsync(runId, request.Http.RequestAborted).ConfigureAwait(false) is not { } found)
        {
            await request.NotFoundAsync().ConfigureAwait(false);
            return;
        }

        RunRecord run = found.Run;
        if (RunScreen.LiveFor(request, run) is null && run.Status == RunStatus.Running)
        {
            await RequestAsync(request, found.View, run, asked).ConfigureAwait(false);
            return;
        }

        if (RunScreen.LiveFor(request, run) is not { } live || live.IsCompleted)
        {
            await request.Room.Audit.WriteAsync(request.Actor!.Name, RoomAudit.Refused, run.RunId, run.Job.Tenant, null, null, action + ": the run is not running").ConfigureAwait(false);
            await request.PlainAsync($"Run {run.RunId} is not running: there is nothing to pause, resume or cancel.", StatusCodes.Status409Conflict).ConfigureAwait(false);
            return;
        }

        string before = Describe(live);
        act(live);
        await request.Room.Audit.WriteAsync(request.Actor!.Name, action, run.RunId, run.Job.Tenant, before, Describe(live)).ConfigureAwait(false);
        await request.SeeOtherAsync("/runs/" + Uri.EscapeDataString(run.RunId)).ConfigureAwait(false);
    }

    /// <summary>A run held elsewhere: the request goes to the ledger (which audits it); 409 when the run ended meanwhile.</summary>
    private static async Task RequestAsync(RoomRequest request, ILedgerView view, RunRecord run, RunControlRequest asked)
    {
        try
        {
            await view.RequestRunControlAsync(run.RunId, asked, request.Actor!.Name, request.Http.RequestAborted).ConfigureAwait(false);
        }
        catch (LedgerException refused)
        {
            await request.PlainAsync(refused.Message, StatusCodes.Status409Conflict).ConfigureAwait(false);
            return;
        }

        await request.SeeOtherAsync("/runs/" + Uri.EscapeDataString(run.RunId)).ConfigureAwait(false);
    }

    private static string Describe(ILiveRun live) => live.IsCompleted ? "completed" : live.IsPaused ? "paused" : "running";
}
