using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Linq;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Factory.Gates;
using Factory.Ledger.Relational;

namespace Factory.Ledger.TestHost;

/// <summary>
/// The gate test's three processes, over <see cref="RefundLine"/> (every 10th of COUNT requests is a
/// large refund that waits at <see cref="ApproveHostRefund"/>); every station appends what it did to
/// SIDE_FILE ("draft,MATERIAL", "issue,ID,AMOUNT", "decline,ID"), so the test counts what ran over all processes:
/// <list type="bullet">
/// <item><c>TestHost gate LEDGER RUN_ID SIDE_FILE COUNT hold</c>: runs with its input held open, so the run waits at the gate until killed;</item>
/// <item><c>TestHost gate LEDGER RUN_ID SIDE_FILE COUNT finish</c>: runs to its end (a start again after decisions) and prints "done: N outputs";</item>
/// <item><c>TestHost gate LEDGER RUN_ID SIDE_FILE COUNT decide</c>: as "ann", approves the first half of what waits (the first 10 with the amount edited to 1 + id) and rejects the rest.</item>
/// </list>
/// </summary>
public static class GateHost
{
    public const string Mode = "gate";

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != 6)
        {
            Console.Error.WriteLine("usage: TestHost gate LEDGER RUN_ID SIDE_FILE COUNT hold|finish|decide");
            return 2;
        }

        await using RelationalLedger ledger = LedgerArgument.Open(args[1], TimeSpan.FromSeconds(2), JsonTypeInfoResolver.Combine(HostJson.Default, GateHostJson.Default));
        using var side = new SideFile(args[3]);
        int count = int.Parse(args[4], CultureInfo.InvariantCulture);
        return args[5] switch
        {
            "decide" => await DecideAsync(ledger, args[2]),
            "hold" => await RunAsync(ledger, args[2], side, count, hold: true),
            _ => await RunAsync(ledger, args[2], side, count, hold: false),
        };
    }

    private static async Task<int> RunAsync(RelationalLedger ledger, string runId, SideFile side, int count, bool hold)
    {
        var line = new RefundLine(new DraftHostRefund(side), new AutoHostRefund(), new HostRefundReview(new ApproveHostRefund(), new IssueHostRefund(side), new DeclineHostRefund(side)));
        var options = new RunOptions
        {
            RunId = runId,
            Job = new JobOrder("refund-job", "acme") { Submitter = "sam" },
            Observers = [ledger.Observe(new LedgerObserveOptions { Actor = "test-host" })],
        };
        LineRun<Job, HostRefundOutcome> run = line.Start(options);
        Task<int> reading = CountAsync(run);
        for (int i = 0; i < count; i++)
        {
            await run.Input.WriteAsync(new Job(i));
        }

        if (hold)
        {
            // Waits at the gate with its input open until the test kills the process.
            await Task.Delay(Timeout.Infinite);
        }

        run.Input.Complete();
        int outputs = await reading;
        LineReport report = await run.Completion;
        Console.WriteLine($"done: {outputs} outputs, {report.Outcome}");
        return 0;
    }

    private static async Task<int> CountAsync(LineRun<Job, HostRefundOutcome> run)
    {
        int outputs = 0;
        await foreach (HostRefundOutcome _ in run.Output.ReadAllAsync())
        {
            outputs++;
        }

        return outputs;
    }

    private static async Task<int> DecideAsync(RelationalLedger ledger, string runId)
    {
        // This process does not run the line: it registers the gate's check to edit payloads.
        GatePayloadChecks.Register<HostRefund, ApproveHostRefund.GateWork>(new ApproveHostRefund.GateWork(new ApproveHostRefund()));
        var ann = new GateActor("ann", ["refunds:approve"], ["acme"]);
        IReadOnlyList<GateItem> waiting = [.. (await ledger.Gates.WaitingAsync(runId)).OrderBy(i => i.Key.MaterialId)];
        for (int i = 0; i < waiting.Count; i++)
        {
            var payload = (HostRefund)waiting[i].Payload!;
            GateVerdict verdict = i < 10 ? GateVerdict.ApproveEdited(payload with { Amount = 1 + payload.Id })
                : i < waiting.Count / 2 ? GateVerdict.Approve()
                : GateVerdict.Reject("over the limit");
            GateDecisionResult result = await ledger.Gates.DecideAsync(waiting[i].Key, ann, verdict);
            if (!result.Accepted)
            {
                Console.Error.WriteLine(result.Refusal);
                return 1;
            }
        }

        Console.WriteLine($"decided: {waiting.Count}");
        return 0;
    }
}

public abstract record HostDraft;

public sealed record HostSmallRefund(int Id) : HostDraft;

public sealed record HostRefund(int Id, [property: Range(0, 5_000)] decimal Amount, [property: Required] string Customer) : HostDraft;

public sealed record HostRefundOutcome(int Id, string Kind, decimal Amount);

[JsonSerializable(typeof(HostRefund))]
internal sealed partial class GateHostJson : JsonSerializerContext;

/// <summary>Every 10th request is a large refund; records every material it drafts.</summary>
[Station]
public sealed partial class DraftHostRefund(SideFile side)
{
    public HostDraft Process(Job job, StationContext context)
    {
        side.Append("draft", context.MaterialId, 0);
        return job.Id % 10 == 0 ? new HostRefund(job.Id, 1_000 + job.Id, "customer " + job.Id) : new HostSmallRefund(job.Id);
    }
}

[Station]
public sealed partial class AutoHostRefund
{
    public HostRefundOutcome Process(HostSmallRefund refund) => new(refund.Id, "auto", 0);
}

[Station(Effects = "refunds:issue")]
public sealed partial class IssueHostRefund(SideFile side)
{
    public HostRefundOutcome Process(Approved<HostRefund> approved)
    {
        side.Append("issue", approved.Payload.Id, approved.Payload.Amount);
        return new(approved.Payload.Id, "issued", approved.Payload.Amount);
    }
}

[Station]
public sealed partial class DeclineHostRefund(SideFile side)
{
    public HostRefundOutcome Process(Rejected<HostRefund> rejected)
    {
        side.Append("decline", rejected.Payload.Id, 0);
        return new(rejected.Payload.Id, "declined", rejected.Payload.Amount);
    }
}

[Gate<HostRefund>(Approvers = "refunds:approve", TimeoutMinutes = 240, OnTimeout = GateTimeout.Reject, FourEyes = true)]
public sealed partial class ApproveHostRefund;

[Line]
[Step<ApproveHostRefund>]
[Route<Approved<HostRefund>, IssueHostRefund>]
[Route<Rejected<HostRefund>, DeclineHostRefund>]
public sealed partial class HostRefundReview;

[Line]
[Step<DraftHostRefund>]
[Route<HostSmallRefund, AutoHostRefund>]
[Route<HostRefund, HostRefundReview>]
public sealed partial class RefundLine;
