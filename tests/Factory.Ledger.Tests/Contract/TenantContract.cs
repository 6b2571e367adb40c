using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>
/// <see cref="ILedger.View"/>: every read confined to a tenant, another tenant's records reading as not
/// there; every tenant only by an explicit grant.
/// </summary>
public abstract class TenantContract(LedgerFixture fixture)
{
    [Fact]
    public async Task A_tenant_view_reads_only_that_tenants_runs_inputs_materials_provenance_dead_letters_and_audit()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await RecordAsync(temp, "run-acme", "acme");
        await RecordAsync(temp, "run-globex", "globex");
        await temp.Ledger.AppendAuditAsync("ops", "note", "ledger", "no tenant");
        ILedgerView acme = temp.Ledger.View(LedgerScope.ForTenant("acme"));

        Assert.Equal(["run-acme"], (await acme.ListRunsAsync()).Select(r => r.RunId));
        Assert.Empty(await acme.ListRunsAsync(new RunQuery { Tenant = "globex" }));
        Assert.Equal("acme", (await acme.GetRunAsync("run-acme"))!.Job.Tenant);
        Assert.Equal(4, (await acme.ListInputsAsync("run-acme")).Count);
        Assert.Equal(4, (await acme.ListMaterialsAsync("run-acme")).Count);
        Assert.NotEmpty(await acme.GetProvenanceAsync("run-acme", 1));

        var letters = await acme.ListDeadLettersAsync();
        Assert.Equal(["acme"], letters.Select(l => l.Tenant));
        Assert.NotNull(await acme.GetDeadLetterAsync(letters[0].Id));
        var audit = await acme.ListAuditAsync();
        Assert.NotEmpty(audit);
        Assert.All(audit, e => Assert.Equal("acme", e.Tenant));
        Assert.Empty(await acme.ListAuditAsync(new AuditQuery { Tenant = "globex" }));
    }

    [Fact]
    public async Task Another_tenants_run_and_dead_letter_read_as_not_found()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await RecordAsync(temp, "run-globex", "globex");
        long globexLetter = (await temp.Ledger.ListDeadLettersAsync()).Single().Id;
        ILedgerView acme = temp.Ledger.View(LedgerScope.ForTenant("acme"));

        // Exactly what a run id that does not exist reads as: nothing says the run is there.
        Assert.Null(await acme.GetRunAsync("run-globex"));
        Assert.Null(await acme.GetRunAsync("no-such-run"));
        Assert.Empty(await acme.ListInputsAsync("run-globex"));
        Assert.Empty(await acme.ListMaterialsAsync("run-globex"));
        Assert.Empty(await acme.ListMaterialsAsync("run-globex", root: 0));
        Assert.Empty(await acme.GetProvenanceAsync("run-globex", 1));
        Assert.Empty(await acme.ListDeadLettersAsync(new DeadLetterQuery { RunId = "run-globex", Status = null }));
        Assert.Null(await acme.GetDeadLetterAsync(globexLetter));
        Assert.Empty(await acme.ListAuditAsync(new AuditQuery { Target = "run-globex" }));

        // The ledger itself, and an every-tenant grant, still see it all.
        Assert.NotNull(await temp.Ledger.GetRunAsync("run-globex"));
        ILedgerView all = temp.Ledger.View(LedgerScope.AllTenants("ops@factory"));
        Assert.NotNull(await all.GetRunAsync("run-globex"));
        Assert.Equal(4, (await all.ListInputsAsync("run-globex")).Count);
        Assert.NotEmpty(await all.GetProvenanceAsync("run-globex", 1));
        Assert.NotNull(await all.GetDeadLetterAsync(globexLetter));
    }

    [Fact]
    public async Task Entries_of_no_tenant_are_seen_by_every_tenant_grants_only()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await temp.Ledger.AppendAuditAsync("ops", "note", "ledger", "no tenant");
        await temp.Ledger.AppendAuditAsync("ops", "note", "ledger", "acme's", tenant: "acme");

        Assert.Equal(["acme's"], (await temp.Ledger.View(LedgerScope.ForTenant("acme")).ListAuditAsync()).Select(e => e.Detail));
        Assert.Equal(["no tenant", "acme's"], (await temp.Ledger.View(LedgerScope.AllTenants("ops@factory")).ListAuditAsync()).Select(e => e.Detail));
    }

    [Fact]
    public async Task Discarding_through_a_tenant_view_refuses_another_tenants_dead_letter_as_not_found()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await RecordAsync(temp, "run-globex", "globex");
        await RecordAsync(temp, "run-acme", "acme");
        long globexLetter = (await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { Tenant = "globex" })).Single().Id;
        long acmeLetter = (await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { Tenant = "acme" })).Single().Id;
        ILedgerView acme = temp.Ledger.View(LedgerScope.ForTenant("acme"));

        var refused = await Assert.ThrowsAsync<LedgerException>(() => acme.DiscardDeadLetterAsync(globexLetter, "alice@acme", "not mine"));
        Assert.Contains($"no dead letter {globexLetter}", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("globex", refused.Message, StringComparison.Ordinal);
        Assert.Equal(DeadLetterStatus.Open, (await temp.Ledger.GetDeadLetterAsync(globexLetter))!.Status);
        Assert.Empty(await temp.Ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.DeadLetterDiscarded }));

        await acme.DiscardDeadLetterAsync(acmeLetter, "alice@acme", "withdrawn");
        Assert.Equal(DeadLetterStatus.Discarded, (await temp.Ledger.GetDeadLetterAsync(acmeLetter))!.Status);
        AuditEntry discarded = (await acme.ListAuditAsync(new AuditQuery { Action = AuditActions.DeadLetterDiscarded })).Single();
        Assert.Equal("alice@acme", discarded.Actor);
        Assert.Equal("acme", discarded.Tenant);
    }

    /// <summary>Four orders of <paramref name="tenant"/>, order 2 bad (a dead letter), then a resume: runs, inputs, materials, attempts, a dead letter and audit entries.</summary>
    private static async Task RecordAsync(TempLedger temp, string runId, string tenant)
    {
        var journal = new Journal();
        var line = new OrderLine(new Receive(journal), new Ship(journal));
        var orders = Runs.Orders(4, i => i == 2 ? "bad one" : $"order {i}");
        var job = new JobOrder("job-" + tenant, tenant);
        await Runs.RunAsync(line, orders, Runs.With(temp.Ledger, runId, job));
        await Runs.RunAsync(line, orders, Runs.With(temp.Ledger, runId, job));
    }
}
