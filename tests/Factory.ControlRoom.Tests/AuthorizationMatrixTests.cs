using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Factory.Gates;
using Factory.Ledger;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Factory.ControlRoom.Tests;

/// <summary>
/// Every endpoint of the console, called by anonymous, a viewer, an operator, an approver and an admin
/// of acme, and an admin of globex, on acme's records: each answer is what the permission table and
/// the tenant scoping say, and an endpoint the matrix does not list fails the suite.
/// </summary>
[Collection(PlantCollection.Name)]
public sealed class AuthorizationMatrixTests(Plant plant)
{
    private const string Anonymous = "anonymous";

    /// <summary>One request per endpoint; <c>Acme</c> when it names an acme record; the status when the caller may make it.</summary>
    private sealed record Row(string Endpoint, string Path, Dictionary<string, string>? Form, bool Acme, int Allowed);

    [Fact]
    public async Task Every_endpoint_answers_every_role_and_tenant_as_the_permission_table_says()
    {
        IReadOnlyList<Row> rows = await RowsAsync();
        var failures = new List<string>();
        var callers = new List<(string Name, ControlRoomRole? Role, Visitor Visitor)> { (Anonymous, null, plant.Visit()) };
        foreach ((string name, ControlRoomRole role, _) in Plant.People)
        {
            callers.Add((name, role, await plant.SignedInAsync(name)));
        }

        foreach ((string name, ControlRoomRole? role, Visitor visitor) in callers)
        {
            string token = role is null ? "" : await visitor.FormTokenAsync();
            foreach (Row row in rows)
            {
                int expected = Expected(row, name, role);
                using HttpResponseMessage response = row.Form is null
                    ? await visitor.GetAsync(row.Path)
                    : await visitor.PostAsync(row.Path, new Dictionary<string, string>(row.Form), role is null ? null : token);
                if ((int)response.StatusCode != expected)
                {
                    failures.Add($"{name} {row.Endpoint} ({row.Path}): {(int)response.StatusCode}, expected {expected}");
                }
            }

            visitor.Dispose();
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Nothing of acme's changed through all of that: the letters are open, the refunds still wait, no run was paused.
        Assert.Equal(2, (await plant.Ledger.View(LedgerScope.ForTenant("acme")).ListDeadLettersAsync(new DeadLetterQuery { RunId = "acme-support" })).Count);
        Assert.Equal(2, (await plant.Ledger.Gates.WaitingAsync("acme-refunds")).Count);
    }

    [Fact]
    public async Task The_matrix_covers_every_mapped_endpoint_and_the_table_every_one()
    {
        HashSet<string> covered = (await RowsAsync()).Select(r => r.Endpoint).ToHashSet();
        string[] mapped = plant.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<ControlRoomEndpoint>()?.Name)
            .OfType<string>()
            .ToArray();
        Assert.Equal(23, mapped.Length);
        Assert.All(mapped, name => Assert.Contains(name, covered));
        Assert.All(mapped, name => Assert.True(ControlRoomPermissions.Table.ContainsKey(name), name));
        InvalidOperationException missing = Assert.Throws<InvalidOperationException>(() => ControlRoomPermissions.For("GET", "/not-in-the-table"));
        Assert.Contains("ControlRoomPermissions.Table", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_are_audited_with_the_actor_and_why()
    {
        using Visitor vera = await plant.SignedInAsync("vera");
        string token = await vera.FormTokenAsync();
        using HttpResponseMessage refused = await vera.PostAsync("/factory/runs/acme-support/pause", [], token);
        Assert.Equal(403, (int)refused.StatusCode);
        IReadOnlyList<AuditEntry> audit = await plant.Ledger.ListAuditAsync(new AuditQuery { Action = "control-room.refused" });
        Assert.Contains(audit, e => e.Actor == "vera" && e.Target == "POST /factory/runs/acme-support/pause" && e.Detail!.Contains("needs the role Operator, has Viewer", StringComparison.Ordinal));
    }

    private static int Expected(Row row, string name, ControlRoomRole? role)
    {
        ControlRoomRole? least = ControlRoomPermissions.Table[row.Endpoint];
        if (least is null)
        {
            return row.Allowed;
        }

        if (role is null)
        {
            return row.Form is null && row.Endpoint != "GET /runs/{runId}/events" ? StatusCodes.Status303SeeOther : StatusCodes.Status401Unauthorized;
        }

        if (role < least)
        {
            return StatusCodes.Status403Forbidden;
        }

        return row.Acme && name == "gail" ? StatusCodes.Status404NotFound : row.Allowed;
    }

    private async Task<IReadOnlyList<Row>> RowsAsync()
    {
        DeadLetterRecord letter = (await plant.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "acme-support" }))[0];
        GateItem item = (await plant.Ledger.Gates.WaitingAsync("acme-refunds"))[0];
        string gateItem = $"run=acme-refunds&gate={Uri.EscapeDataString(item.Key.Gate)}&material={item.Key.MaterialId}";
        Dictionary<string, string> gateForm = new() { ["run"] = "acme-refunds", ["gate"] = item.Key.Gate, ["material"] = item.Key.MaterialId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return
        [
            new("GET /signin", "/factory/signin", null, false, 200),
            new("POST /signin", "/factory/signin", new() { ["name"] = "nobody", ["password"] = "wrong" }, false, 401),
            new("GET /assets/{name}", "/factory/assets/console.css", null, false, 200),
            new("GET /", "/factory/", null, false, 200),
            new("GET /runs/{runId}", "/factory/runs/acme-support", null, true, 200),
            new("GET /runs/{runId}/events", "/factory/runs/acme-support/events", null, true, 200),
            new("GET /runs/{runId}/materials/{materialId}", "/factory/runs/acme-support/materials/2", null, true, 200),
            new("GET /dead-letters", "/factory/dead-letters", null, false, 200),
            new("GET /dead-letters/{id}", $"/factory/dead-letters/{letter.Id}", null, true, 200),
            new("GET /gates", "/factory/gates", null, false, 200),
            new("GET /gates/item", "/factory/gates/item?" + gateItem, null, true, 200),
            new("GET /audit", "/factory/audit", null, false, 200),
            new("POST /runs/{runId}/pause", "/factory/runs/acme-support/pause", [], true, 409),
            new("POST /runs/{runId}/resume", "/factory/runs/acme-support/resume", [], true, 409),
            new("POST /runs/{runId}/cancel", "/factory/runs/acme-support/cancel", [], true, 409),
            new("POST /runs/{runId}/replay", "/factory/runs/acme-support/replay", new() { ["dryRun"] = "1" }, true, 200),
            new("POST /dead-letters/{id}/replay", $"/factory/dead-letters/{letter.Id}/replay", new() { ["dryRun"] = "1" }, true, 200),
            new("POST /dead-letters/replay", "/factory/dead-letters/replay", new(OperatingTests.ScreenRefusals) { ["run"] = "acme-support", ["dryRun"] = "1" }, true, 200),
            new("POST /dead-letters/{id}/discard", $"/factory/dead-letters/{letter.Id}/discard", new() { ["reason"] = " " }, true, 400),
            new("POST /gates/item", "/factory/gates/item", gateForm, true, 400),
            new("GET /admin", "/factory/admin", null, false, 200),
            // A purge reaches every tenant: an admin of one tenant is refused by the screen itself.
            new("POST /admin/purge", "/factory/admin/purge", new() { ["days"] = "0" }, false, 403),
            // Last: it ends the session.
            new("POST /signout", "/factory/signout", [], false, 303),
        ];
    }
}
