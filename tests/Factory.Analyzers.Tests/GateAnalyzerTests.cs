using System.Threading.Tasks;
using Factory.CodeFixes;
using Xunit;
using static Factory.Analyzers.Tests.Verification.FactoryVerifier;

namespace Factory.Analyzers.Tests;

/// <summary>FCT0025-FCT0028: what gates guard and how they are set up; FCT0010 over a gate's Decision&lt;T&gt;; the FCT0026 fix.</summary>
public sealed class GateAnalyzerTests
{
    /// <summary>The refunds of the examples: a JSON context that lists the draft, and the stations around the gate.</summary>
    private const string Types = """
        using System.Text.Json.Serialization;
        using Factory;

        namespace Demo;

        public sealed record Request(int Id);
        public sealed record RefundDraft(int Id, decimal Amount);
        public sealed record Issued(int Id);

        [JsonSerializable(typeof(RefundDraft))]
        public abstract partial class DemoJson : JsonSerializerContext
        {
            protected DemoJson() : base(null) { }
        }

        [Station]
        public sealed partial class DraftRefund { public RefundDraft Process(Request r) => new(r.Id, 10); }

        [Station(Effects = "refunds:issue")]
        public sealed partial class IssueRefund { public Issued Process(Approved<RefundDraft> d) => new(d.Payload.Id); }

        [Station(Effects = "refunds:issue")]
        public sealed partial class IssueAtOnce { public Issued Process(RefundDraft d) => new(d.Id); }

        [Station]
        public sealed partial class ExplainDecline { public Issued Process(Rejected<RefundDraft> d) => new(-d.Payload.Id); }

        [Station]
        public sealed partial class Send { public Issued Process(Issued i) => i; }
        """;

    private static string Gate(string options) => $$"""
        using Factory;

        namespace Demo;

        [{|#0:Gate<RefundDraft>({{options}})|}]
        public sealed partial class {|#1:ApproveRefund|};
        """;

    private static string Line(string wiring) => $$"""
        using Factory;

        namespace Demo;

        [Line]
        {{wiring}}
        public sealed partial class {|#2:Refunds|};
        """;

    private const string GatedWiring = """
        [Step<DraftRefund>]
        [Step<ApproveRefund>]
        [Route<Approved<RefundDraft>, IssueRefund>]
        [Route<Rejected<RefundDraft>, ExplainDecline>]
        [Step<Send>]
        """;

    private const string FullGate = "Approvers = \"refunds:approve\", TimeoutMinutes = 240, OnTimeout = GateTimeout.Reject";

    [Fact]
    public Task A_gated_line_with_a_complete_gate_is_silent() =>
        VerifyAnalyzerAsync(Line(GatedWiring), [Types, Gate(FullGate)]);

    [Fact]
    public Task FCT0025_names_the_path_that_reaches_a_station_with_effects_before_any_gate() =>
        VerifyAnalyzerAsync(
            Line("""
                [Step<DraftRefund>]
                [Step<IssueAtOnce>]
                [Step<Send>]
                """),
            [Types, Gate(FullGate)],
            Diagnostic("FCT0025").WithLocation(2).WithMessage("Station 'Demo.IssueAtOnce' has effects (refunds:issue), but line 'Demo.Refunds' reaches it without passing a gate: entry -> DraftRefund -> IssueAtOnce"));

    [Fact]
    public Task FCT0025_is_silent_when_the_station_comes_after_the_gate_inside_a_nested_line() =>
        VerifyAnalyzerAsync(
            Line("""
                [Step<DraftRefund>]
                [Step<Review>]
                """),
            [Types, Gate(FullGate), """
                using Factory;

                namespace Demo;

                [Line]
                [Step<ApproveRefund>]
                [Route<Approved<RefundDraft>, IssueRefund>]
                [Route<Rejected<RefundDraft>, ExplainDecline>]
                public sealed partial class Review;
                """]);

    [Fact]
    public Task FCT0026_fires_when_no_json_context_lists_the_payload() =>
        VerifyAnalyzerAsync(
            """
            using Factory;

            namespace Demo;

            public sealed record Unlisted(int Id);

            [{|#0:Gate<Unlisted>(Approvers = "refunds:approve", TimeoutMinutes = 60)|}]
            public sealed partial class ApproveUnlisted;
            """,
            [Types],
            Diagnostic("FCT0026").WithLocation(0).WithMessage("The payload type 'Demo.Unlisted' of gate 'Demo.ApproveUnlisted' has no source-generated JsonTypeInfo: list it with [JsonSerializable(typeof(Demo.Unlisted))] on a JsonSerializerContext"));

    [Fact]
    public Task FCT0026_fix_adds_the_payload_to_the_json_context() => VerifyCodeFixAsync<AddJsonSerializableCodeFix>(
        JsonFixSource(string.Empty, "{|FCT0026:Gate<Unlisted>(Approvers = \"refunds:approve\", TimeoutMinutes = 60)|}"),
        JsonFixSource("[JsonSerializable(typeof(Unlisted))]\n", "Gate<Unlisted>(Approvers = \"refunds:approve\", TimeoutMinutes = 60)"));

    [Fact]
    public Task FCT0027_fires_on_empty_approvers() =>
        VerifyAnalyzerAsync(
            """
            using Factory;

            namespace Demo;

            [Gate<RefundDraft>({|#0:Approvers = " , "|}, TimeoutMinutes = 60)]
            public sealed partial class ApproveRefund;
            """,
            [Types],
            Diagnostic("FCT0027").WithLocation(0).WithMessage("Gate 'Demo.ApproveRefund' names no approvers: set Approvers to the permissions that may decide, such as Approvers = \"refunds:approve\""));

    [Fact]
    public Task FCT0028_warns_on_a_gate_without_a_timeout() =>
        VerifyAnalyzerAsync(
            Gate("Approvers = \"refunds:approve\""),
            [Types],
            Diagnostic("FCT0028").WithLocation(1).WithMessage("Gate 'Demo.ApproveRefund' has no TimeoutMinutes: its items wait for ever unless the job has a deadline"));

    [Fact]
    public Task FCT0010_fires_when_the_routes_after_a_gate_leave_out_the_rejections() =>
        VerifyAnalyzerAsync(
            Line("""
                [Step<DraftRefund>]
                [{|#3:Step<ApproveRefund>|}]
                [Route<Approved<RefundDraft>, IssueRefund>]
                [Step<Send>]
                """),
            [Types, Gate(FullGate)],
            Diagnostic("FCT0010").WithLocation(3).WithMessage("Step 'Demo.ApproveRefund' of line 'Demo.Refunds' gives 'Factory.Decision<Demo.RefundDraft>', but its routes do not cover 'Factory.Rejected<Demo.RefundDraft>'; add a route for each (to Discard to drop it)"));

    [Fact]
    public Task FCT0010_fix_routes_the_missing_case_of_a_decision_to_Discard() => VerifyCodeFixAsync<AddMissingRoutesCodeFix>(
        """
        using Factory;

        namespace Demo;

        [Line]
        [Step<DraftRefund>]
        [{|FCT0010:Step<ApproveRefund>|}]
        [Route<Approved<RefundDraft>, IssueRefund>]
        public sealed partial class Refunds;
        """,
        """
        using Factory;

        namespace Demo;

        [Line]
        [Step<DraftRefund>]
        [Step<ApproveRefund>]
        [Route<Approved<RefundDraft>, IssueRefund>]
        [Route<Rejected<RefundDraft>, Discard>]
        public sealed partial class Refunds;
        """,
        Types,
        Gate(FullGate));

    private static string JsonFixSource(string attribute, string gate) => $$$"""
        using System.Text.Json.Serialization;
        using Factory;

        namespace Demo;

        public sealed record Unlisted(int Id);

        [JsonSerializable(typeof(Unlisted[]))]
        {{{attribute}}}public abstract partial class DemoJson : JsonSerializerContext
        {
            protected DemoJson() : base(null) { }
        }

        [{{{gate}}}]
        public sealed partial class ApproveUnlisted;
        """;
}
