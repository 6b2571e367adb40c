using System;
using System.Threading.Tasks;
using Factory.Ledger;
using Microsoft.AspNetCore.Http;

namespace Factory.ControlRoom;

/// <summary>One dead letter: why it failed, its input as the ledger holds it, and replay (with a dry run) and discard.</summary>
internal static class DeadLetterScreen
{
    public static async Task ShowAsync(RoomRequest request) => await ShowAsync(request, null, StatusCodes.Status200OK).ConfigureAwait(false);

    public static async Task DiscardAsync(RoomRequest request)
    {
        if (await FindAsync(request).ConfigureAwait(false) is not { } found)
        {
            await request.NotFoundAsync().ConfigureAwait(false);
            return;
        }

        string reason = (await request.FormAsync("reason").ConfigureAwait(false) ?? "").Trim();
        if (reason.Length == 0)
        {
            await ShowAsync(request, "Say why it is discarded: the reason goes to the audit.", StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }

        try
        {
            // The view confines the discard to the letter's tenant, and the ledger audits it in the same transaction.
            await found.View.DiscardDeadLetterAsync(found.Letter.Id, request.Actor!.Name, reason, request.Http.RequestAborted).ConfigureAwait(false);
        }
        catch (LedgerException exception)
        {
            await ShowAsync(request, exception.Message, StatusCodes.Status409Conflict).ConfigureAwait(false);
            return;
        }

        await request.SeeOtherAsync("/dead-letters/" + found.Letter.Id).ConfigureAwait(false);
    }

    public static async Task ReplayAsync(RoomRequest request)
    {
        if (await FindAsync(request).ConfigureAwait(false) is not { } found)
        {
            await request.NotFoundAsync().ConfigureAwait(false);
            return;
        }

        DeadLetterRecord letter = found.Letter;
        ControlRoomReplays.IReplayer? replayer = request.Room.Options.Replays.Find(letter.Line);
        if (replayer is null)
        {
            await ShowAsync(request, $"This process cannot replay runs of line '{letter.Line}': the hosting application registers the lines it replays through (ControlRoomOptions.Replays.Add).", StatusCodes.Status409Conflict).ConfigureAwait(false);
            return;
        }

        if (!letter.CanReplay)
        {
            await ShowAsync(request, $"Dead letter {letter.Id} cannot be replayed: it is {letter.Status.ToString().ToLowerInvariant()} and its input is {letter.InputStatus}.", StatusCodes.Status409Conflict).ConfigureAwait(false);
            return;
        }

        if (await request.FormAsync("dryRun").ConfigureAwait(false) is not null)
        {
            await ShowAsync(request, $"Dry run: 1 dead letter would run again through line '{replayer.Descriptor.Name}' version {replayer.Version[..12]} (the run recorded {Short(found.Run?.LineHash)}), under job {letter.JobId} of tenant {letter.Tenant}. Nothing was replayed.", StatusCodes.Status200OK).ConfigureAwait(false);
            return;
        }

        string reason = (await request.FormAsync("reason").ConfigureAwait(false) ?? "").Trim();
        try
        {
            (string runId, int replayed, _) = await replayer.ReplayAsync(request.Room.Ledger, letter.Id, request.Actor!.Name, reason.Length == 0 ? "replayed from the control room" : reason, request.Http.RequestAborted).ConfigureAwait(false);
            await ShowAsync(request, $"Replayed {replayed} dead letter in run {runId}.", StatusCodes.Status200OK).ConfigureAwait(false);
        }
        catch (LedgerException exception)
        {
            await ShowAsync(request, exception.Message, StatusCodes.Status409Conflict).ConfigureAwait(false);
        }
    }

    /// <summary>The input as the ledger holds it, or what it holds instead.</summary>
    public static void Value(Html html, DeadLetterRecord letter)
    {
        if (letter.InputStatus == DeadLetterInputStatus.Serialized && letter.InputJson is not null)
        {
            html.Element("pre", JsonText.Pretty(letter.InputJson), ("class", "value"));
        }
        else
        {
            Layout.Notice(html, $"The ledger holds no value ({letter.InputStatus}; type {letter.InputClrType ?? letter.InputType}).");
        }
    }

    private static async Task ShowAsync(RoomRequest request, string? notice, int status)
    {
        if (await FindAsync(request).ConfigureAwait(false) is not { } found)
        {
            await request.NotFoundAsync().ConfigureAwait(false);
            return;
        }

        DeadLetterRecord letter = found.Letter;
        string path = "/dead-letters/" + letter.Id;
        await request.HtmlAsync(Layout.Page(request, "Dead letter " + letter.Id, html =>
        {
            Layout.Notice(html, notice);
            html.Open("dl", ("class", "facts"))
                .Element("dt", "Run").Open("dd").Link($"{request.Prefix}/runs/{Uri.EscapeDataString(letter.RunId)}", letter.RunId).Close("dd")
                .Element("dt", "Material").Open("dd").Link($"{request.Prefix}/runs/{Uri.EscapeDataString(letter.RunId)}/materials/{letter.MaterialId}", "material " + letter.MaterialId).Close("dd")
                .Element("dt", "Tenant").Element("dd", letter.Tenant)
                .Element("dt", "Line").Element("dd", letter.Line)
                .Element("dt", "Station").Element("dd", $"{letter.Station} v{letter.StationVersion}, {letter.Attempts} attempts")
                .Element("dt", "Failed").Open("dd").Time(letter.Time).Close("dd")
                .Element("dt", "Cause").Element("dd", $"{letter.ExceptionType}: {letter.Message}")
                .Element("dt", "Status").Element("dd", letter.Status + (letter.ResolvedBy is null ? "" : $" by {letter.ResolvedBy}: {letter.Reason}") + (letter.ReplayRunId is null ? "" : $" in run {letter.ReplayRunId}"))
                .Close("dl");
            html.Element("h2", "Input");
            Value(html, letter);
            if (letter.Status == DeadLetterStatus.Open && request.Actor!.May(ControlRoomRole.Operator))
            {
                html.Element("h2", "Replay or discard");
                Layout.Form(html, request, path + "/replay", "stacked")
                    .Open("label").Text("Reason ").Void("input", ("name", "reason")).Close("label")
                    .Element("button", "Dry run", ("type", "submit"), ("name", "dryRun"), ("value", "1"), ("id", "dry-run"))
                    .Element("button", "Replay", ("type", "submit"), ("id", "replay"))
                    .Close("form");
                Layout.Form(html, request, path + "/discard", "stacked")
                    .Open("label").Text("Reason ").Void("input", ("name", "reason"), ("required", "required")).Close("label")
                    .Element("button", "Discard", ("type", "submit"), ("class", "danger"), ("id", "discard"))
                    .Close("form");
            }
        }), status).ConfigureAwait(false);
    }

    private static async Task<(DeadLetterRecord Letter, ILedgerView View, RunRecord? Run)?> FindAsync(RoomRequest request)
    {
        if (!RoomRequest.TryParseId(request.Route("id"), out long id)
            || await request.Ledger.FindDeadLetterAsync(id, request.Http.RequestAborted).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        RunRecord? run = await found.View.GetRunAsync(found.Letter.RunId, request.Http.RequestAborted).ConfigureAwait(false);
        return (found.Letter, found.View, run);
    }

    private static string Short(string? hash) => hash is null ? "no version" : "version " + hash[..Math.Min(12, hash.Length)];
}
