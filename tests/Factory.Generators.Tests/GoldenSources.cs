namespace Factory.Generators.Tests;

/// <summary>The user code behind each set of golden files: together, every shape the generator emits.</summary>
internal static class GoldenSources
{
    /// <summary>The reference line: the design's ticket triage, with options and a constructor parameter.</summary>
    public const string TicketTriage = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;

        namespace Support;

        public sealed record Ticket(string Id, string Body);
        public sealed record Scored(Ticket Ticket, string Category, double Confidence);
        public sealed record Reply(string TicketId, string Text);

        public sealed class Classifier
        {
            public Scored Score(Ticket ticket) => new(ticket, "billing", 0.9);
        }

        [Station]
        public sealed partial class Redact
        {
            public Ticket Process(Ticket input) => input with { Body = input.Body.Replace("@", "(at)") };
        }

        [Station(Parallelism = 4, MaxAttempts = 3, TimeoutMs = 2_000, Version = "2", Requires = new[] { "tickets.read" })]
        public sealed partial class Classify(Classifier model)
        {
            public Task<Scored> ProcessAsync(Ticket input, CancellationToken cancellationToken) => Task.FromResult(model.Score(input));
        }

        [Station(Name = "draft")]
        public sealed partial class DraftReply
        {
            public async IAsyncEnumerable<Reply> ProcessAsync(Scored input, StationContext context)
            {
                await Task.Yield();
                yield return new Reply(input.Ticket.Id, $"About your {input.Category} question (attempt {context.Attempt}).");
            }
        }

        [Line]
        [Step<Redact>]
        [Step<Classify>]
        [Step<DraftReply>]
        public sealed partial class TicketTriage;
        """;

    /// <summary>
    /// Routes (to a station, to a line, to a discard) after a step that may give null, [Sensitive] members
    /// on a record (a redacting copy) and on a class (kept as nothing), the conveyor widened for a step that
    /// takes null, a split, two batch stations (ValueTask and plain) and a gather.
    /// </summary>
    public const string Routes = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;

        namespace Parcels;

        public abstract record Parcel(int Id, [property: Sensitive] string Card);
        public sealed record Letter(int Id, string Card) : Parcel(Id, Card);
        public sealed record Packet(int Id, string Card) : Parcel(Id, Card);
        public sealed record Junk(int Id, string Card) : Parcel(Id, Card);

        public sealed class Note
        {
            [Sensitive]
            public string Secret { get; set; } = "";
        }

        [Station]
        public sealed partial class Sort
        {
            public Parcel? Process(int input) => (input % 3) switch
            {
                0 => new Letter(input, "4111"),
                1 => new Packet(input, "4111"),
                _ => new Junk(input, "4111"),
            };
        }

        [Station]
        public sealed partial class Post
        {
            public string Process(Letter input) => "letter " + input.Id;
        }

        [Station(MaxAttempts = 2, BackoffMs = 10)]
        public sealed partial class Weigh
        {
            public string Process(Packet input) => "packet " + input.Id;
        }

        [Line(Name = "packets")]
        [Step<Weigh>]
        public sealed partial class Packets;

        [Station]
        public sealed partial class Words
        {
            public IEnumerable<string> Process(string? input) => (input ?? "").Split(' ');
        }

        [Station(BatchSize = 8, BatchWaitMs = 5)]
        public sealed partial class Upper
        {
            public ValueTask<IReadOnlyList<string>> ProcessAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken) =>
                new(inputs);
        }

        [Station(BatchSize = 4, Parallelism = 2, Ordered = false)]
        public sealed partial class Trim
        {
            public IReadOnlyList<string> Process(IReadOnlyList<string> inputs, StationContext context) => inputs;
        }

        [Station(Capacity = 16)]
        public sealed partial class Join
        {
            public Note Process(Gathered<string> input) => new() { Secret = string.Join(' ', input.Items) };
        }

        [Station]
        public sealed partial class Keep
        {
            public int Process(Note input) => input.Secret.Length;
        }

        [Line]
        [Step<Sort>]
        [Route<Letter, Post>]
        [Route<Packet, Packets>]
        [Route<Junk, Discard>]
        [Step<Words>]
        [Step<Upper>]
        [Step<Trim>]
        [Step<Join>]
        [Step<Keep>]
        public sealed partial class Mail;
        """;

    /// <summary>The output type of the thinking units: one member per kind of data-annotation check.</summary>
    public const string UnitTypes = """
        using System.ComponentModel.DataAnnotations;
        using System.Text.Json.Serialization;

        namespace Units;

        public enum Mood { Calm, Cross }
        public sealed record Address(string City);
        public struct Point { public int X { get; set; } }
        public sealed record Customer(string Name, Address? Address, Point Where, Point? Maybe);
        public sealed record Ticket(string Id, string? Body, Customer Customer, int Stars);
        public sealed record Verdict(bool Urgent);

        public sealed record Reply
        {
            [Required] public string? Text { get; init; }
            [Required(AllowEmptyStrings = true)] public string? Note { get; init; }
            [Required(ErrorMessage = "{0} is missing")] public Address? Address { get; init; }
            [Range(1, 5)] public int Score { get; init; }
            [Range(0.5, 10.0, MaximumIsExclusive = true)] public decimal? Price { get; init; }
            [Range(-1.5, 2e10, MinimumIsExclusive = true, ErrorMessage = "{0} must be in {1}..{2}")] public double Weight { get; init; }
            [Range(1, 3)] public int? Stars { get; init; }
            [StringLength(10)] public string? Tag { get; init; }
            [StringLength(20, MinimumLength = 2)] public string? Title { get; init; }
            [Display(Name = "code")] [RegularExpression("^[A-Z]{2}-[0-9]+$")] public string? Code { get; init; }
            [AllowedValues(1, 2, 3)] public int Level { get; init; }
            [AllowedValues("low", "high", null)] public string? Priority { get; init; }
            [AllowedValues(Mood.Calm)] public Mood Mood { get; init; }
        }

        // Stands in for the System.Text.Json generator, which does not run in these tests.
        [JsonSerializable(typeof(Reply))]
        public abstract partial class UnitJson : JsonSerializerContext
        {
            protected UnitJson() : base(null) { }

            public static UnitJson Default => throw new System.NotSupportedException();
        }
        """;

    /// <summary>
    /// Thinking units: every option and check, a nullable input, keyword parameter names, a unit with its
    /// own constructor, one whose output no JSON context lists, one with a wrong placeholder (a shell);
    /// a station with a constructor parameter, a line, and the DI registration of them all.
    /// </summary>
    public const string Units = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;
        using Factory.AI;

        namespace Units;

        public sealed class Desk
        {
        }

        [Station]
        public sealed partial class Triage(Desk desk)
        {
            public Ticket Process(Ticket input) => desk is null ? input : input;
        }

        [ThinkingUnit(Model = "small", Escalate = "large", Temperature = 0.7, MaxOutputTokens = 64, MaxRepairs = 1, Version = "2", Parallelism = 2)]
        public sealed partial class DraftReply
        {
            [Instructions]
            public const string System = "Be brief.";

            [Prompt]
            public const string Ask = "{{Id}} {{Body}} {{Customer.Name}} {{Customer.Address.City}} {{Customer.Where.X}} {{Customer.Maybe.X}} {{Stars}} {{{{x}}}}";

            public partial ValueTask<Reply> ProcessAsync(Ticket input, StationContext context, CancellationToken cancellationToken);

            private IEnumerable<string> Inspect(Ticket input, Reply output) => [];
        }

        [ThinkingUnit]
        public sealed partial class Summarize
        {
            public Summarize(ModelCatalog models) => Models = models;

            [Prompt]
            private const string Ask = "Summarize {{Body}} for {{Customer.Name}}";

            // Keyword parameter names are written back escaped.
            public partial Task<Reply> ProcessAsync(Ticket? @object, CancellationToken @checked);
        }

        [ThinkingUnit(Requires = new[] { "triage" })]
        public sealed partial class Judge
        {
            [Prompt]
            public const string Ask = "Is this urgent? {{Body}}";

            public partial Task<Verdict> ProcessAsync(Ticket input);
        }

        [ThinkingUnit]
        public sealed partial class Broken
        {
            [Prompt]
            public const string Ask = "{{Nope}}";

            public partial Task<Reply> ProcessAsync(Ticket input);
        }

        [Line]
        [Step<Triage>]
        [Step<DraftReply>]
        public sealed partial class Replies;
        """;

    /// <summary>
    /// The valid stations the invalid-input cases sit beside (<see cref="InvalidInputTests"/>): whatever is
    /// wrong next to them, the generator emits these two files and nothing else.
    /// </summary>
    public const string Neighbours = """
        using Factory;

        namespace Broken;

        [Station]
        public sealed partial class Parse
        {
            public int Process(string input) => input.Length;
        }

        [Station]
        public sealed partial class Show
        {
            public string Process(int input) => input.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        """;

    /// <summary>Gates: a payload with data annotations, a gate that presents it and one that does not, a station with effects behind them.</summary>
    public const string Gates = """
        using System.ComponentModel.DataAnnotations;
        using Factory;

        namespace Refunds;

        public sealed record Request(int Id, decimal Amount);

        public sealed record RefundDraft(
            int Id,
            [property: Range(0, 5000)] decimal Amount,
            [property: Required, RegularExpression("[A-Z]{3}")] string Currency);

        public sealed record Issued(int Id, string By);

        [Station]
        public sealed partial class DraftRefund
        {
            public RefundDraft Process(Request request) => new(request.Id, request.Amount, "EUR");
        }

        [Gate<RefundDraft>(Approvers = "refunds:approve, refunds:admin", TimeoutMinutes = 240, OnTimeout = GateTimeout.DeadLetter, FourEyes = true)]
        public sealed partial class ApproveRefund
        {
            public string Present(RefundDraft draft) => $"{draft.Amount} {draft.Currency}";
        }

        [Gate<RefundDraft>(Name = "second-look", Approvers = "refunds:admin")]
        public sealed partial class SecondLook;

        [Station(Effects = "refunds:issue")]
        public sealed partial class IssueRefund
        {
            public Issued Process(Approved<RefundDraft> approved) => new(approved.Payload.Id, approved.Approver);
        }

        [Station]
        public sealed partial class ExplainDecline
        {
            public Issued Process(Rejected<RefundDraft> rejected) => new(-rejected.Payload.Id, rejected.Approver);
        }

        [Line]
        [Step<DraftRefund>]
        [Step<ApproveRefund>]
        [Route<Approved<RefundDraft>, IssueRefund>]
        [Route<Rejected<RefundDraft>, ExplainDecline>]
        public sealed partial class RefundLine;
        """;

    /// <summary>
    /// Inspectors wired by attribute: one with a dependency DI gives, one of <c>object</c> (contravariant)
    /// on two stations (a batch station among them), one on a route's target, and a line that runs none
    /// of the inspected stations.
    /// </summary>
    public const string Inspectors = """
        using System.Collections.Generic;
        using Factory;
        using Factory.Quality;

        namespace Shop;

        public sealed record Order(int Id, string Text);
        public sealed record Checked(int Id, bool Valid);

        public sealed class Rules
        {
            public bool Allows(Order order) => order.Text.Length > 0;
        }

        [Station]
        public sealed partial class Check
        {
            public Checked Process(Order input) => new(input.Id, input.Text.Length > 0);
        }

        [Station(BatchSize = 8)]
        public sealed partial class Stamp
        {
            public IReadOnlyList<Checked> Process(IReadOnlyList<Checked> inputs) => inputs;
        }

        [Station]
        public sealed partial class Count
        {
            public int Process(Checked input) => input.Id;
        }

        [Inspector<Check>]
        public sealed class CheckRules(Rules rules) : IInspector<Order, Checked>
        {
            public string Name => "check-rules";

            public InspectionResult Inspect(Order input, Checked output) =>
                output.Valid == rules.Allows(input) ? InspectionResult.Ok : InspectionResult.Defect("disagrees");
        }

        [Inspector<Check>]
        [Inspector<Stamp>]
        public sealed class Present : IInspector<object, object>
        {
            public string Name => "present";

            public InspectionResult Inspect(object input, object output) =>
                output is null ? InspectionResult.Defect("missing") : InspectionResult.Ok;
        }

        [Line]
        [Step<Check>]
        [Step<Stamp>]
        [Step<Count>]
        public sealed partial class Orders;

        [Line]
        [Step<Stamp>]
        public sealed partial class Stamping;

        [Line]
        [Step<Count>]
        public sealed partial class Counting;

        public abstract record Parcel(int Id);
        public sealed record Small(int Id) : Parcel(Id);
        public sealed record Large(int Id) : Parcel(Id);

        [Station]
        public sealed partial class Weigh
        {
            public Parcel Process(Checked input) => input.Id % 2 == 0 ? new Small(input.Id) : new Large(input.Id);
        }

        [Station]
        public sealed partial class Post
        {
            public int Process(Small input) => input.Id;
        }

        [Station]
        public sealed partial class Carry
        {
            public int Process(Large input) => -input.Id;
        }

        [Inspector<Carry>]
        public sealed class Heavy : IInspector<Large, int>
        {
            public string Name => "heavy";

            public InspectionResult Inspect(Large input, int output) => output < 0 ? InspectionResult.Ok : InspectionResult.Defect("light");
        }

        [Line]
        [Step<Weigh>]
        [Route<Small, Post>]
        [Route<Large, Carry>]
        public sealed partial class Parcels;
        """;
}
