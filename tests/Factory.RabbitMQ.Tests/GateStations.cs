using System.Text.Json.Serialization;

namespace Factory.RabbitMQ.Tests;

[Gate<Order>(Approvers = "orders:approve", TimeoutMinutes = 60)]
public sealed partial class ReviewOrder;

[Station]
public sealed partial class Fulfil
{
    /// <summary>For a test: runs before each order is fulfilled (only GateTests, which run one at a time, set it).</summary>
    internal static System.Func<Order, System.Threading.Tasks.Task>? Before { get; set; }

    public async System.Threading.Tasks.Task<Receipt> ProcessAsync(Approved<Order> approved, System.Threading.CancellationToken cancellationToken)
    {
        if (Before is { } before)
        {
            await before(approved.Payload).WaitAsync(cancellationToken);
        }

        return new(approved.Payload.Number, $"{(approved.Edited ? "edited" : "approved")} by {approved.Approver} for {approved.Payload.Customer}");
    }
}

[Station]
public sealed partial class Decline
{
    public Receipt Process(Rejected<Order> rejected) => new(rejected.Payload.Number, $"declined by {rejected.Approver}: {rejected.Reason}");
}

/// <summary>Every order waits for a person's decision; approved ones are fulfilled, rejected ones declined.</summary>
[Line]
[Distributed<ReviewJson>]
[Step<ReviewOrder>]
[Route<Approved<Order>, Fulfil>]
[Route<Rejected<Order>, Decline>]
public sealed partial class Reviewed;

/// <summary>Orders split into parts (order 7 into 70, 71, 72), each part reviewed on its own.</summary>
[Line]
[Distributed<ReviewJson>]
[Step<Explode>]
[Step<ReviewOrder>]
[Route<Approved<Order>, Fulfil>]
[Route<Rejected<Order>, Decline>]
public sealed partial class ReviewedParts;

[Gate<Order>(Approvers = "orders:approve", TimeoutMinutes = 60, FourEyes = true)]
public sealed partial class CounterSign;

/// <summary>The job's submitter may not decide at its gate: the worker parks each order with the submitter it was sent.</summary>
[Line]
[Distributed<ReviewJson>]
[Step<CounterSign>]
[Route<Approved<Order>, Fulfil>]
[Route<Rejected<Order>, Decline>]
public sealed partial class CounterSigned;

[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(Receipt))]
[JsonSerializable(typeof(Approved<Order>))]
[JsonSerializable(typeof(Rejected<Order>))]
public sealed partial class ReviewJson : JsonSerializerContext;
