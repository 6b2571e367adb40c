using System.Threading.Tasks;
using Factory.CodeFixes;
using Xunit;
using static Factory.Analyzers.Tests.Verification.FactoryVerifier;

namespace Factory.Analyzers.Tests;

/// <summary>FCT0029: a [Distributed&lt;TContext&gt;] line's context lists every material type that crosses the broker; the fix.</summary>
public sealed class DistributedAnalyzerTests
{
    private const string Stations = """
        using Factory;

        namespace Demo;

        public sealed record Order(int Id);
        public sealed record Priced(int Id, decimal Total);
        public sealed record Receipt(int Id);

        [Station]
        public sealed partial class Price { public Priced Process(Order o) => new(o.Id, 1); }

        [Station]
        public sealed partial class Print { public Receipt Process(Priced p) => new(p.Id); }
        """;

    private static string Checkout(string listed, string line) => $$"""
        using System.Text.Json.Serialization;
        using Factory;

        namespace Demo;

        {{listed}}
        public abstract partial class CheckoutJson : JsonSerializerContext
        {
            protected CheckoutJson() : base(null) { }
        }

        {{line}}
        """;

    [Fact]
    public Task FCT0029_fires_once_for_each_material_type_the_context_does_not_list() =>
        VerifyAnalyzerAsync(
            Checkout("[JsonSerializable(typeof(Order))]", """
                [Line]
                [{|#0:Distributed<CheckoutJson>|}]
                [Step<Price>]
                [Step<Print>]
                public sealed partial class Checkout;
                """),
            [Stations],
            Diagnostic("FCT0029").WithLocation(0).WithMessage("Line 'Demo.Checkout' runs distributed, but its JSON context 'Demo.CheckoutJson' does not list 'Demo.Priced' (the output of station 'Demo.Price'): add [JsonSerializable(typeof(Demo.Priced))] to Demo.CheckoutJson"),
            Diagnostic("FCT0029").WithLocation(0).WithMessage("Line 'Demo.Checkout' runs distributed, but its JSON context 'Demo.CheckoutJson' does not list 'Demo.Receipt' (the output of station 'Demo.Print'): add [JsonSerializable(typeof(Demo.Receipt))] to Demo.CheckoutJson"));

    [Fact]
    public Task FCT0029_is_silent_when_the_context_lists_every_material_type() =>
        VerifyAnalyzerAsync(
            Checkout("[JsonSerializable(typeof(Order))]\n[JsonSerializable(typeof(Priced))]\n[JsonSerializable(typeof(Receipt))]", """
                [Line]
                [Distributed<CheckoutJson>]
                [Step<Price>]
                [Step<Print>]
                public sealed partial class Checkout;
                """),
            [Stations]);

    [Fact]
    public Task FCT0029_counts_only_the_distributed_lines_own_context() =>
        VerifyAnalyzerAsync(
            Checkout("[JsonSerializable(typeof(Order))]\n[JsonSerializable(typeof(Priced))]", """
                [JsonSerializable(typeof(Receipt))]
                public abstract partial class OtherJson : JsonSerializerContext
                {
                    protected OtherJson() : base(null) { }
                }

                [Line]
                [{|#0:Distributed<CheckoutJson>|}]
                [Step<Price>]
                [Step<Print>]
                public sealed partial class Checkout;
                """),
            [Stations],
            Diagnostic("FCT0029").WithLocation(0).WithMessage("Line 'Demo.Checkout' runs distributed, but its JSON context 'Demo.CheckoutJson' does not list 'Demo.Receipt' (the output of station 'Demo.Print'): add [JsonSerializable(typeof(Demo.Receipt))] to Demo.CheckoutJson"));

    [Fact]
    public Task FCT0029_reads_the_stations_of_a_nested_line() =>
        VerifyAnalyzerAsync(
            Checkout("[JsonSerializable(typeof(Order))]\n[JsonSerializable(typeof(Receipt))]", """
                [Line]
                [Step<Price>]
                public sealed partial class Pricing;

                [Line]
                [{|#0:Distributed<CheckoutJson>|}]
                [Step<Pricing>]
                [Step<Print>]
                public sealed partial class Checkout;
                """),
            [Stations],
            Diagnostic("FCT0029").WithLocation(0).WithMessage("Line 'Demo.Checkout' runs distributed, but its JSON context 'Demo.CheckoutJson' does not list 'Demo.Priced' (the output of station 'Demo.Price'): add [JsonSerializable(typeof(Demo.Priced))] to Demo.CheckoutJson"));

    [Fact]
    public Task FCT0029_is_silent_on_a_line_that_is_not_distributed() =>
        VerifyAnalyzerAsync(
            Checkout(string.Empty, """
                [Line]
                [Step<Price>]
                [Step<Print>]
                public sealed partial class Checkout;
                """),
            [Stations]);

    private const string Branching = """
        using System.Collections.Generic;
        using Factory;

        namespace Demo;

        public abstract record Parcel(int Id);
        public sealed record Letter(int Id) : Parcel(Id);
        public sealed record Box(int Id) : Parcel(Id);

        [Station]
        public sealed partial class Sort { public Parcel Process(Order o) => new Letter(o.Id); }

        [Station]
        public sealed partial class Stamp { public Receipt Process(Letter l) => new(l.Id); }

        [Station]
        public sealed partial class Explode { public IEnumerable<Order> Process(Order o) => [o, o]; }

        [Station]
        public sealed partial class Join { public Order Process(Gathered<Order> g) => g.Items[0]; }

        [Station(BatchSize = 8)]
        public sealed partial class PriceMany { public IReadOnlyList<Priced> Process(IReadOnlyList<Order> orders) => [new Priced(1, 1)]; }

        [Gate<Order>(Approvers = "orders:approve", TimeoutMinutes = 60)]
        public sealed partial class Approve;

        [Station]
        public sealed partial class Ship { public Receipt Process(Approved<Order> a) => new(a.Payload.Id); }

        [Station]
        public sealed partial class Judge { public Receipt Process(Decision<Order> d) => new(d.Payload.Id); }
        """;

    private const string AllListed = "[JsonSerializable(typeof(Order))]\n[JsonSerializable(typeof(Priced))]\n[JsonSerializable(typeof(Receipt))]\n[JsonSerializable(typeof(Parcel))]\n[JsonSerializable(typeof(Letter))]";

    [Fact]
    public Task FCT0029_reads_the_stations_route_targets_and_FCT0030_is_silent_on_routes_and_splits() =>
        VerifyAnalyzerAsync(
            Checkout("[JsonSerializable(typeof(Order))]\n[JsonSerializable(typeof(Receipt))]\n[JsonSerializable(typeof(Parcel))]", """
                [Line]
                [{|#0:Distributed<CheckoutJson>|}]
                [Step<Explode>]
                [Step<Sort>]
                [Route<Letter, Stamp>]
                [Route<Box, Discard>]
                public sealed partial class Dispatch;
                """),
            [Stations, Branching],
            Diagnostic("FCT0029").WithLocation(0).WithMessage("Line 'Demo.Dispatch' runs distributed, but its JSON context 'Demo.CheckoutJson' does not list 'Demo.Letter' (the input of station 'Demo.Stamp'): add [JsonSerializable(typeof(Demo.Letter))] to Demo.CheckoutJson"));

    [Fact]
    public Task FCT0030_is_silent_on_a_gather_and_a_batch_station_in_a_nested_line() =>
        VerifyAnalyzerAsync(
            Checkout(AllListed + "\n[JsonSerializable(typeof(Gathered<Order>))]", """
                [Line]
                [Step<PriceMany>]
                public sealed partial class Pricing;

                [Line]
                [Distributed<CheckoutJson>]
                [Step<Explode>]
                [Step<Join>]
                [Step<Pricing>]
                public sealed partial class Bundled;
                """),
            [Stations, Branching]);

    [Fact]
    public Task FCT0030_is_silent_on_a_routed_gate_in_a_nested_line_and_FCT0029_reads_the_route_targets_behind_it() =>
        VerifyAnalyzerAsync(
            Checkout(AllListed, """
                [Line]
                [Step<Approve>]
                [Route<Approved<Order>, Ship>]
                [Route<Rejected<Order>, Discard>]
                public sealed partial class Approval;

                [Line]
                [{|#0:Distributed<CheckoutJson>|}]
                [Step<Approval>]
                public sealed partial class Reviewed;
                """),
            [Stations, Branching],
            Diagnostic("FCT0029").WithLocation(0).WithMessage("Line 'Demo.Reviewed' runs distributed, but its JSON context 'Demo.CheckoutJson' does not list 'Factory.Approved<Demo.Order>' (the input of station 'Demo.Ship'): add [JsonSerializable(typeof(Factory.Approved<Demo.Order>))] to Demo.CheckoutJson"));

    [Fact]
    public Task FCT0029_reads_a_gates_payload_type() =>
        VerifyAnalyzerAsync(
            Checkout("[JsonSerializable(typeof(Receipt))]\n[JsonSerializable(typeof(Approved<Order>))]", """
                [Line]
                [{|#0:Distributed<CheckoutJson>|}]
                [Step<Approve>]
                [Route<Approved<Order>, Ship>]
                [Route<Rejected<Order>, Discard>]
                public sealed partial class Approval;

                // Lists the payload for the gate's store (FCT0026), not for the broker: the line's context must.
                [JsonSerializable(typeof(Order))]
                public abstract partial class GateJson : JsonSerializerContext
                {
                    protected GateJson() : base(null) { }
                }
                """),
            [Stations, Branching],
            Diagnostic("FCT0029").WithLocation(0).WithMessage("Line 'Demo.Approval' runs distributed, but its JSON context 'Demo.CheckoutJson' does not list 'Demo.Order' (the input of gate 'Demo.Approve'): add [JsonSerializable(typeof(Demo.Order))] to Demo.CheckoutJson"));

    [Fact]
    public Task FCT0030_fires_for_a_gate_whose_decision_no_route_takes() =>
        VerifyAnalyzerAsync(
            Checkout(AllListed + "\n[JsonSerializable(typeof(Decision<Order>))]", """
                [Line]
                [{|#0:Distributed<CheckoutJson>|}]
                [Step<Approve>]
                [Step<Judge>]
                public sealed partial class Judged;
                """),
            [Stations, Branching],
            Diagnostic("FCT0030").WithLocation(0).WithMessage("Line 'Demo.Judged' runs distributed, but gate 'Demo.Approve' without routes for its decision does not run distributed yet: run the line in process (remove [Distributed]), or keep that part in a line of its own"));

    /// <summary>Another context sorts first: the fix must add to the one the line names, not to the first.</summary>
    [Fact]
    public Task FCT0029_fix_adds_the_type_to_the_lines_context() => VerifyCodeFixAsync<AddJsonSerializableCodeFix>(
        FixSource(string.Empty, "{|FCT0029:Distributed<CheckoutJson>|}"),
        FixSource("[JsonSerializable(typeof(Receipt))]\n", "Distributed<CheckoutJson>"),
        Stations);

    private static string FixSource(string attribute, string distributed) => $$$"""
        using System.Text.Json.Serialization;
        using Factory;

        namespace Demo;

        public abstract partial class AJson : JsonSerializerContext
        {
            protected AJson() : base(null) { }
        }

        [JsonSerializable(typeof(Order))]
        [JsonSerializable(typeof(Priced))]
        {{{attribute}}}public abstract partial class CheckoutJson : JsonSerializerContext
        {
            protected CheckoutJson() : base(null) { }
        }

        [Line]
        [{{{distributed}}}]
        [Step<Price>]
        [Step<Print>]
        public sealed partial class Checkout;
        """;
}
