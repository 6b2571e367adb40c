using System;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.ControlRoom.Tests;

/// <summary>A support ticket; its note is sensitive and must never be shown.</summary>
public sealed record Ticket(int Id, string Body)
{
    [Sensitive]
    public string? Note { get; init; }
}

public sealed record Refund(int Id, [property: Range(0, 5_000)] decimal Amount, [property: Required, StringLength(40, MinimumLength = 2)] string Customer);

[JsonSerializable(typeof(Ticket))]
[JsonSerializable(typeof(Refund))]
public sealed partial class ConsoleJson : JsonSerializerContext;

/// <summary>Refuses every even ticket, quoting the job's secret (which the ledger redacts), and a negative id with another cause.</summary>
[Station]
public sealed partial class Screen
{
    public Ticket Process(Ticket ticket, StationContext context) => ticket.Id switch
    {
        < 0 => throw new NotSupportedException($"ticket {ticket.Id} has a negative id"),
        _ when ticket.Id % 2 == 0 => throw new InvalidOperationException($"ticket {ticket.Id} refused with key {context.Job.Secrets.Get("api")}"),
        _ => ticket,
    };
}

[Station]
public sealed partial class Answer
{
    public string Process(Ticket ticket) => "re: " + ticket.Body;
}

[Line]
[Step<Screen>]
[Step<Answer>]
public sealed partial class Support;

[Station]
public sealed partial class DraftRefund
{
    public Refund Process(Ticket ticket) => new(ticket.Id, 100 + ticket.Id, "customer " + ticket.Id);
}

[Gate<Refund>(Approvers = "refunds:approve", TimeoutMinutes = 600)]
public sealed partial class ApproveRefund;

[Station(Effects = "refunds:issue")]
public sealed partial class IssueRefund
{
    public string Process(Approved<Refund> approved) => $"issued {approved.Payload.Id} {approved.Payload.Amount}";
}

[Station]
public sealed partial class DeclineRefund
{
    public string Process(Rejected<Refund> rejected) => "declined " + rejected.Payload.Id;
}

[Line]
[Step<DraftRefund>]
[Step<ApproveRefund>]
[Route<Approved<Refund>, IssueRefund>]
[Route<Rejected<Refund>, DeclineRefund>]
public sealed partial class Refunds;

/// <summary>Takes a while per ticket, so a live run can be watched, paused and resumed.</summary>
[Station]
public sealed partial class Slow
{
    public async Task<Ticket> ProcessAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        await Task.Delay(20, cancellationToken);
        return ticket;
    }
}

[Line]
[Step<Slow>]
[Step<Answer>]
public sealed partial class SlowSupport;

/// <summary>A thinking unit's bill without a model: 100 input and 20 output tokens for 0.25 a ticket; every tenth ticket takes 60 ms.</summary>
[Station]
public sealed partial class Priced
{
    public Ticket Process(Ticket ticket, StationContext context)
    {
        if (ticket.Id % 10 == 0)
        {
            Thread.Sleep(60);
        }

        context.ReportModelUsage("model-x", 100, 20, 0.25m);
        return ticket;
    }
}

[Line]
[Step<Priced>]
[Step<Answer>]
public sealed partial class PricedSupport;
