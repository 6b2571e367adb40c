using System.Threading.Tasks;
using Xunit;
using static Factory.Analyzers.Tests.Verification.FactoryVerifier;

namespace Factory.Analyzers.Tests;

/// <summary>FCT0031-FCT0034: inspectors wired by <c>[Inspector&lt;TStation&gt;]</c>; FCT0035 for one of a station a distributed line runs.</summary>
public sealed class InspectorAnalyzerTests
{
    private const string Types = """
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using Factory;

        namespace Demo;

        public sealed record Order(int Id, string Text);
        public sealed record Checked(int Id, bool Valid);

        [JsonSerializable(typeof(Checked))]
        public abstract partial class DemoJson : JsonSerializerContext
        {
            protected DemoJson() : base(null) { }
        }

        [Station]
        public sealed partial class Check { public Checked Process(Order input) => new(input.Id, input.Text.Length > 0); }

        [Station(BatchSize = 4)]
        public sealed partial class Stamp { public IReadOnlyList<Checked> Process(IReadOnlyList<Checked> inputs) => inputs; }

        [Station]
        public sealed partial class Unused { public Checked Process(Order input) => new(input.Id, true); }

        [Gate<Checked>(Approvers = "orders:approve", TimeoutMinutes = 60)]
        public sealed partial class Approve;

        [Line]
        [Step<Check>]
        [Step<Stamp>]
        public sealed partial class Orders;
        """;

    private static string Inspector(string attributes, string types) => $$"""
        using Factory.Quality;

        namespace Demo;

        {{attributes}}
        public sealed class Checks : IInspector<{{types}}>
        {
            public string Name => "inspect";

            public InspectionResult Inspect(Order input, Checked output) => InspectionResult.Ok;
        }
        """;

    [Fact]
    public Task An_inspector_of_the_stations_types_and_one_of_object_on_a_batch_station_are_silent() =>
        VerifyAnalyzerAsync(Inspector("[Inspector<Check>]", "Order, Checked"), [Types, """
            using Factory.Quality;

            namespace Demo;

            [Inspector<Check>]
            [Inspector<Stamp>]
            public sealed class Present : IInspector<object, object>
            {
                public string Name => "present";

                public InspectionResult Inspect(object input, object output) => InspectionResult.Ok;
            }
            """]);

    [Fact]
    public Task FCT0031_names_the_station_and_the_types_the_inspector_must_take() =>
        VerifyAnalyzerAsync(
            Inspector("[{|#0:Inspector<Stamp>|}]", "Order, Checked"),
            [Types],
            Diagnostic("FCT0031").WithLocation(0).WithMessage("Inspector 'Demo.Checks' is wired to station 'Demo.Stamp', which takes 'Demo.Checked' and gives 'Demo.Checked', but it is not an IInspector<Demo.Checked, Demo.Checked>: implement IInspector<Demo.Checked, Demo.Checked>, or wire it to a station of its types"));

    [Fact]
    public Task FCT0032_fires_on_a_line_a_gate_and_a_plain_class() =>
        VerifyAnalyzerAsync(
            Inspector("[{|#0:Inspector<Orders>|}]\n[{|#1:Inspector<Approve>|}]\n[{|#2:Inspector<Order>|}]", "Order, Checked"),
            [Types],
            Diagnostic("FCT0032").WithLocation(0).WithMessage("Inspector 'Demo.Checks' is wired to 'Demo.Orders', which is not a [Station] or a [ThinkingUnit]: name the station whose outputs it inspects"),
            Diagnostic("FCT0032").WithLocation(1).WithMessage("Inspector 'Demo.Checks' is wired to 'Demo.Approve', which is not a [Station] or a [ThinkingUnit]: name the station whose outputs it inspects"),
            Diagnostic("FCT0032").WithLocation(2).WithMessage("Inspector 'Demo.Checks' is wired to 'Demo.Order', which is not a [Station] or a [ThinkingUnit]: name the station whose outputs it inspects"));

    [Fact]
    public Task FCT0034_fires_on_a_generic_inspector_and_one_nested_out_of_sight_which_the_generator_cannot_wire() =>
        VerifyAnalyzerAsync(Inspector("[Inspector<Check>]", "Order, Checked"), [Types, """
            using Factory.Quality;

            namespace Demo;

            [{|#0:Inspector<Check>|}]
            public sealed class AnyChecks<T> : IInspector<Order, Checked>
            {
                public string Name => "any";

                public InspectionResult Inspect(Order input, Checked output) => InspectionResult.Ok;
            }

            public static class Holder
            {
                [{|#1:Inspector<Check>|}]
                private sealed class Hidden : IInspector<Order, Checked>
                {
                    public string Name => "hidden";

                    public InspectionResult Inspect(Order input, Checked output) => InspectionResult.Ok;
                }
            }
            """],
            Diagnostic("FCT0034").WithLocation(0).WithMessage("Inspector 'Demo.AnyChecks<T>' cannot be wired to station 'Demo.Check': it is generic; make it a non-generic class that is public or internal, nested only in public or internal types"),
            Diagnostic("FCT0034").WithLocation(1).WithMessage("Inspector 'Demo.Holder.Hidden' cannot be wired to station 'Demo.Check': it, or a type it is nested in, is private or protected; make it a non-generic class that is public or internal, nested only in public or internal types"));

    [Fact]
    public Task FCT0033_warns_when_no_line_of_the_assembly_runs_the_station() =>
        VerifyAnalyzerAsync(
            Inspector("[{|#0:Inspector<Unused>|}]", "Order, Checked"),
            [Types],
            Diagnostic("FCT0033").WithLocation(0).WithMessage("Inspector 'Demo.Checks' is wired to station 'Demo.Unused', but no line of this assembly runs it: the inspector never runs; add the station to a line, or wire the inspector by path (Sampling.Inspect) where another assembly's line runs it"));

    [Fact]
    public Task FCT0033_is_silent_for_a_station_that_only_a_route_runs() =>
        VerifyAnalyzerAsync(Inspector("[Inspector<Unused>]", "Order, Checked"), [Types, """
            using Factory;

            namespace Demo;

            public abstract record Incoming(int Id);
            public sealed record Fresh(int Id) : Incoming(Id);

            [Station]
            public sealed partial class Receive { public Incoming Process(int id) => new Fresh(id); }

            [Station]
            public sealed partial class Convert { public Order Process(Fresh fresh) => new(fresh.Id, "x"); }

            [Line]
            [Step<Receive>]
            [Route<Fresh, Convert>]
            [Step<Unused>]
            public sealed partial class Routed;
            """]);

    [Fact]
    public Task FCT0035_refuses_an_inspector_of_a_station_that_a_distributed_line_runs_through_a_nested_line() =>
        VerifyAnalyzerAsync(Inspector("[{|#0:Inspector<Check>|}]", "Order, Checked"), [Types, """
            using System.Text.Json.Serialization;
            using Factory;

            namespace Demo;

            [JsonSerializable(typeof(Order))]
            [JsonSerializable(typeof(Checked))]
            public abstract partial class WideJson : JsonSerializerContext
            {
                protected WideJson() : base(null) { }
            }

            [Line]
            [Step<Check>]
            public sealed partial class Inner;

            [Line]
            [Distributed<WideJson>]
            [Step<Inner>]
            public sealed partial class Outer;
            """],
            Diagnostic("FCT0035").WithLocation(0).WithMessage("Inspector 'Demo.Checks' is wired to station 'Demo.Check', which distributed line 'Demo.Outer' runs, and inspectors do not run distributed yet: run that line in process (remove [Distributed]), or inspect the station's outputs where they arrive"));
}
