using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Gates;
using Factory.Ledger;
using TicketTriage.Cli;
using TicketTriage.Stations;
using TicketTriage.Tickets;

namespace TicketTriage.Running;

/// <summary>
/// <c>--waiting</c>, <c>--approve</c> and <c>--reject</c>: list and decide the refunds waiting at the
/// gate, in the ledger a run recorded into (<c>ledger.Gates</c>). The actor is the OS user, or
/// <c>--as NAME</c>, holding <see cref="ApproveRefund.Permission"/> for the run's tenant: the sample has no
/// sign-in, a control room would build the actor from its own. The store's answer is printed as it is,
/// refusals included.
/// </summary>
public static class GateCommands
{
    /// <summary>How the README and the run's last lines start a command.</summary>
    public const string Command = "dotnet run --project samples/TicketTriage";

    /// <summary>Exit code of a refused decision.</summary>
    public const int Refused = 1;

    /// <summary>The options that find the run's ledger again (none for the default), as command-line text; a connection string is not repeated.</summary>
    public static string LedgerArguments(TriageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.LedgerPath is { } ledger)
        {
            return SampleLedger.IsConnectionString(ledger) ? " --ledger \"<the same connection string>\"" : " --ledger " + ledger;
        }

        return options.OutputPath is null ? string.Empty : " --out " + options.OutputPath;
    }

    /// <summary>The options a <c>--resume</c> needs to read the same tickets and write to the same places.</summary>
    public static string ResumeArguments(TriageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string input = options.InputPath is null ? string.Empty : " --in " + options.InputPath;
        string output = options.OutputPath is null ? string.Empty : " --out " + options.OutputPath;
        string ledger = options.LedgerPath is null ? string.Empty : LedgerArguments(options with { OutputPath = null });
        string classifier = options.Classifier == 1 ? string.Empty : " --classifier " + options.Classifier.ToString(CultureInfo.InvariantCulture);

        // A run on the broker goes on there (its gate's decided refunds are sent on to the workers); a password in its URI is not printed.
        string broker = options.Broker is null ? string.Empty
            : " --broker " + (options.Broker.UserInfo.Length > 0 ? "URI" : options.Broker.OriginalString) + (options.Workers == TriageOptions.DefaultWorkers ? string.Empty : " --workers " + options.Workers.ToString(CultureInfo.InvariantCulture));
        return input + output + ledger + classifier + broker;
    }

    /// <summary>Lists what waits (of one run, or every run); returns the exit code.</summary>
    public static async Task<int> ListAsync(TriageOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        await using ILedger? ledger = Open(options, output, out string shown);
        if (ledger is null)
        {
            return 1;
        }

        IReadOnlyList<GateItem> waiting = await ledger.Gates.WaitingAsync(options.WaitingRunId, cancellationToken).ConfigureAwait(false);
        string of = options.WaitingRunId is null ? string.Empty : " of run " + options.WaitingRunId;
        if (waiting.Count == 0)
        {
            output.WriteLine(F($"no refunds{of} await a decision in {shown}"));
            return 0;
        }

        output.WriteLine(F($"{waiting.Count:N0} refunds{of} await a decision in {shown}:"));
        WaitingRefunds.Write(output, waiting);
        return 0;
    }

    /// <summary>Approves or rejects one waiting refund; returns the exit code (<see cref="Refused"/> when the store refused).</summary>
    public static async Task<int> DecideAsync(TriageOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ItemId id = options.Approve ?? options.Reject ?? throw new ArgumentException("--approve or --reject is needed.", nameof(options));
        await using ILedger? ledger = Open(options, output, out string shown);
        if (ledger is null)
        {
            return 1;
        }

        RunRecord? run = await ledger.GetRunAsync(id.RunId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            output.WriteLine(F($"No run {id.RunId} in the ledger {shown}: give the --ledger or --out the run used."));
            return 1;
        }

        // This process does not run the line: it tells the ledger how the gate checks an edited refund.
        GatePayloadChecks.Register<RefundDraft, ApproveRefund.GateWork>(new ApproveRefund.GateWork(new ApproveRefund()));
        var actor = new GateActor(options.Actor ?? Environment.UserName, [ApproveRefund.Permission], [run.Job.Tenant]);
        GateItemKey key = WaitingRefunds.Key(id);
        GateItem? item = (await ledger.Gates.WaitingAsync(id.RunId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(i => i.Key == key);
        RefundDraft? draft = item is null ? null : WaitingRefunds.Draft(item);
        GateDecisionResult result = await ledger.Gates.DecideAsync(key, actor, Verdict(options, draft), cancellationToken).ConfigureAwait(false);
        if (!result.Accepted)
        {
            output.WriteLine("refused: " + result.Refusal);
            return Refused;
        }

        GateDecision decision = result.Decision!;
        string refund = draft is null ? string.Empty : F($" (refund of {draft.Amount:0.00} {draft.Currency} for ticket {draft.TicketId})");
        string edit = decision.EditedPayload is RefundDraft edited ? F($", amount edited to {edited.Amount:0.00} {edited.Currency}") : string.Empty;
        string reason = decision.Reason is null ? string.Empty : F($": \"{decision.Reason}\"");
        output.WriteLine(F($"{id}{refund} is {decision.Describe()}{edit}{reason}"));
        output.WriteLine(F($"finish the run with: {Command} -- --resume {id.RunId}{ResumeArguments(options)}"));
        return 0;
    }

    /// <summary>
    /// The verdict the options ask for. An edit needs the waiting draft; when the item is not waiting
    /// (decided, or unknown) there is none, and the store refuses the attempt before it looks at an
    /// edit, so it is made as a plain approval.
    /// </summary>
    private static GateVerdict Verdict(TriageOptions options, RefundDraft? draft)
    {
        if (options.Reject is not null)
        {
            return GateVerdict.Reject(options.Reason!);
        }

        return options.EditAmount is { } amount && draft is not null
            ? GateVerdict.ApproveEdited(draft with { Amount = amount })
            : GateVerdict.Approve();
    }

    internal static ILedger? Open(TriageOptions options, TextWriter output, out string shown)
    {
        string ledger = options.LedgerPath ?? SamplePaths.LedgerFileFor(options.OutputPath ?? SamplePaths.DefaultOutput);
        if (!SampleLedger.IsConnectionString(ledger) && !File.Exists(ledger))
        {
            shown = SamplePaths.Display(ledger);
            output.WriteLine(F($"No ledger at {shown}: give the --ledger or --out the run used."));
            return null;
        }

        return SampleLedger.Open(ledger, out shown);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
