using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Factory.Gates;
using Microsoft.AspNetCore.Http;

namespace Factory.ControlRoom;

/// <summary>What waits at gates for the actor's tenants, one item's payload as a form, and approve or reject with a reason.</summary>
internal static class GatesScreen
{
    public static async Task ShowAsync(RoomRequest request)
    {
        IReadOnlyList<GateItem> waiting = await request.Ledger.WaitingAsync(request.Query("run"), request.Http.RequestAborted).ConfigureAwait(false);
        await request.HtmlAsync(Layout.Page(request, "Gates", html =>
        {
            html.Open("table", ("class", "gates")).HeaderRow("Gate", "Run", "Material", "Tenant", "Shows", "Parked", "Deadline", "On timeout", "").Open("tbody");
            foreach (GateItem item in waiting)
            {
                html.Open("tr").Cell(item.Key.Gate)
                    .Open("td").Link($"{request.Prefix}/runs/{Uri.EscapeDataString(item.Key.RunId)}", item.Key.RunId).Close("td")
                    .Cell(item.Key.MaterialId).Cell(item.Tenant).Cell(ReferenceEquals(item.Presented, item.Payload) ? "the payload" : Shows(item.Presented))
                    .Open("td").Time(item.Parked).Close("td").Open("td").Time(item.Deadline).Close("td").Cell(item.OnTimeout.ToString())
                    .Open("td").Link(ItemPath(request, item.Key), "decide").Close("td").Close("tr");
            }

            html.Close("tbody").Close("table");
            if (waiting.Count == 0)
            {
                Layout.Notice(html, "Nothing waits at a gate.");
            }
        })).ConfigureAwait(false);
    }

    public static async Task ShowItemAsync(RoomRequest request)
    {
        if (await FindAsync(request, request.Query).ConfigureAwait(false) is not { } item)
        {
            await request.NotFoundAsync().ConfigureAwait(false);
            return;
        }

        await request.HtmlAsync(Page(request, item, null, null)).ConfigureAwait(false);
    }

    public static async Task DecideAsync(RoomRequest request)
    {
        IFormCollection form = request.Http.Request.HasFormContentType ? await request.Http.Request.ReadFormAsync(request.Http.RequestAborted).ConfigureAwait(false) : FormCollection.Empty;
        string? Field(string name) => form.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
        if (await FindAsync(request, Field).ConfigureAwait(false) is not { } item)
        {
            await request.NotFoundAsync().ConfigureAwait(false);
            return;
        }

        string reason = (Field("reason") ?? "").Trim();
        GateVerdict verdict;
        if (Field("verdict") == "reject")
        {
            if (reason.Length == 0)
            {
                await request.HtmlAsync(Page(request, item, "Say why it is rejected.", null), StatusCodes.Status400BadRequest).ConfigureAwait(false);
                return;
            }

            verdict = GateVerdict.Reject(reason);
        }
        else if (Field("verdict") == "approve")
        {
            string? problem = null;
            string? edited = GatePayloadForm.Json(item.Payload, request.Room.Options.Json) is { ValueKind: JsonValueKind.Object } payload
                ? GatePayloadForm.Edited(payload, Field, out problem)
                : null;
            object? editedPayload = edited is null ? null : GatePayloadForm.Read(edited, item, request.Room.Options.Json, out problem);
            if (problem is not null)
            {
                await request.HtmlAsync(Page(request, item, problem, null), StatusCodes.Status422UnprocessableEntity).ConfigureAwait(false);
                return;
            }

            verdict = editedPayload is null ? GateVerdict.Approve() : GateVerdict.ApproveEdited(editedPayload);
        }
        else
        {
            await request.HtmlAsync(Page(request, item, "Choose approve or reject.", null), StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }

        // The store judges the attempt (tenant, the gate's approver permissions, four eyes, once, the edit's annotations) and audits it either way.
        GateDecisionResult result = await request.Ledger.Gates.DecideAsync(item.Key, request.Ledger.GateActorFor(item.Tenant), verdict, request.Http.RequestAborted).ConfigureAwait(false);
        if (!result.Accepted)
        {
            await request.HtmlAsync(Page(request, item, result.Refusal, result.Problems), StatusCodes.Status409Conflict).ConfigureAwait(false);
            return;
        }

        await request.HtmlAsync(Layout.Page(request, "Decided", html =>
        {
            Layout.Notice(html, $"{item.Key}: {result.Decision!.Describe()}{(result.Decision.IsEdited ? " (edited)" : "")}.");
            html.Open("p").Link(request.Prefix + "/gates", "Back to the gates").Close("p");
        })).ConfigureAwait(false);
    }

    private static string Page(RoomRequest request, GateItem item, string? notice, IReadOnlyList<string>? problems) => Layout.Page(request, "Gate " + item.Key.Gate, html =>
    {
        Layout.Notice(html, notice, "error");
        html.Open("dl", ("class", "facts"))
            .Element("dt", "Run").Open("dd").Link($"{request.Prefix}/runs/{Uri.EscapeDataString(item.Key.RunId)}", item.Key.RunId).Close("dd")
            .Element("dt", "Material").Element("dd", item.Key.MaterialId.ToString(CultureInfo.InvariantCulture))
            .Element("dt", "Tenant").Element("dd", item.Tenant)
            .Element("dt", "Submitted by").Element("dd", item.Submitter ?? "-")
            .Element("dt", "Who decides").Element("dd", string.Join(", ", item.Approvers) + (item.FourEyes ? " (four eyes: not the submitter)" : ""))
            .Element("dt", "Parked").Open("dd").Time(item.Parked).Close("dd")
            .Element("dt", "Deadline").Open("dd").Time(item.Deadline).Text(item.Deadline is null ? "" : $", then {item.OnTimeout}").Close("dd")
            .Element("dt", "Shows").Element("dd", ReferenceEquals(item.Presented, item.Payload) ? "the payload, below" : Shows(item.Presented))
            .Close("dl");
        bool decides = request.Actor!.May(ControlRoomRole.Approver);
        html.Element("h2", "Payload");
        if (decides)
        {
            Layout.Form(html, request, "/gates/item", "stacked")
                .Void("input", ("type", "hidden"), ("name", "run"), ("value", item.Key.RunId))
                .Void("input", ("type", "hidden"), ("name", "gate"), ("value", item.Key.Gate))
                .Void("input", ("type", "hidden"), ("name", "material"), ("value", item.Key.MaterialId.ToString(CultureInfo.InvariantCulture)));
        }

        if (GatePayloadForm.Json(item.Payload, request.Room.Options.Json) is { } payload)
        {
            GatePayloadForm.Write(html, payload, problems, decides);
        }
        else
        {
            Layout.Notice(html, "This process cannot show the payload: give its type's JSON metadata as ControlRoomOptions.Json.");
        }

        if (decides)
        {
            html.Open("label").Text("Reason ").Void("input", ("name", "reason")).Close("label")
                .Element("button", "Approve", ("type", "submit"), ("name", "verdict"), ("value", "approve"), ("id", "approve"))
                .Element("button", "Reject", ("type", "submit"), ("name", "verdict"), ("value", "reject"), ("id", "reject"), ("class", "danger"))
                .Close("form");
        }
    });

    /// <summary>The waiting item named by run, gate and material, when it is one of the actor's tenants'.</summary>
    private static async Task<GateItem?> FindAsync(RoomRequest request, Func<string, string?> value)
    {
        string? run = value("run");
        string? gate = value("gate");
        if (run is null || gate is null || !RoomRequest.TryParseId(value("material"), out long material))
        {
            return null;
        }

        IReadOnlyList<GateItem> waiting = await request.Ledger.WaitingAsync(run, request.Http.RequestAborted).ConfigureAwait(false);
        return waiting.FirstOrDefault(i => i.Key.Gate == gate && i.Key.MaterialId == material);
    }

    private static string ItemPath(RoomRequest request, GateItemKey key) =>
        $"{request.Prefix}/gates/item?run={Uri.EscapeDataString(key.RunId)}&gate={Uri.EscapeDataString(key.Gate)}&material={key.MaterialId}";

    private static string Shows(object? presented) => presented switch
    {
        null => "-",
        string text => text,
        JsonElement element => JsonText.Pretty(element),
        _ => presented.GetType().Name,
    };
}
