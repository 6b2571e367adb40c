using System.Threading.Tasks;
using Factory.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static Factory.Analyzers.Tests.Verification.FactoryVerifier;

namespace Factory.Analyzers.Tests;

/// <summary>FCT0020-FCT0024: thinking units' prompts, placeholders, output metadata and work methods; the FCT0020 and FCT0021 fixes.</summary>
public sealed class ThinkingUnitAnalyzerTests
{
    /// <summary>The types the units use, and a JsonSerializerContext that lists Reply (abstract: no STJ generator runs here).</summary>
    private const string Types = """
        using System.Text.Json.Serialization;

        namespace Demo;

        public sealed record Address(string City);
        public sealed record Customer(string Name, Address? Address);
        public sealed record Ticket(string Id, string Body, Customer Customer);
        public sealed record Reply(string Text);
        public sealed record Other(string Text);

        [JsonSerializable(typeof(Reply))]
        public abstract partial class DemoJson : JsonSerializerContext
        {
            protected DemoJson() : base(null) { }
        }
        """;

    /// <summary>What the generator adds (the analyzers run without it here).</summary>
    private static string Implementation(string output = "Reply") => $$"""
        namespace Demo;

        public sealed partial class Draft
        {
            public partial System.Threading.Tasks.ValueTask<{{output}}> ProcessAsync(Ticket input, Factory.StationContext context, System.Threading.CancellationToken cancellationToken) => default;
        }
        """;

    private static string Unit(string prompt, string output = "Reply", string method = "") => $$"""
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;

        namespace Demo;

        [ThinkingUnit(Model = "small")]
        public sealed partial class Draft
        {
            [Prompt]
            public const string Ask = "{{prompt}}";

            {{(method.Length > 0 ? method : $"public partial ValueTask<{output}> ProcessAsync(Ticket input, StationContext context, CancellationToken cancellationToken);")}}
        }
        """;

    private static Task Verify(string markup, string output = "Reply", params DiagnosticResult[] expected) =>
        VerifyAnalyzerAsync(markup, [Types, Implementation(output)], expected);

    [Fact]
    public Task A_valid_unit_is_silent() =>
        Verify(Unit("Reply to {{Customer.Name}} in {{ Customer.Address.City }} about {{Body}}; literal {{{{x}}}}"));

    [Fact]
    public Task FCT0020_fires_on_a_misspelt_member_and_suggests_the_closest() =>
        Verify(
            Unit("Reply to {{{|#0:Custmer|}.Name}}: {{Body}}"),
            "Reply",
            Diagnostic("FCT0020").WithLocation(0).WithMessage("'Custmer' in placeholder '{{Custmer.Name}}' of thinking unit 'Demo.Draft' is not a public property or field of 'Demo.Ticket'; did you mean 'Customer'?"));

    [Fact]
    public Task FCT0020_fires_on_a_nested_member_of_the_member_type() =>
        Verify(
            Unit("From {{Customer.{|#0:Adress|}.City}} and {{Customer.{|#1:Zzzz|}}}"),
            "Reply",
            Diagnostic("FCT0020").WithLocation(0).WithMessage("'Adress' in placeholder '{{Customer.Adress.City}}' of thinking unit 'Demo.Draft' is not a public property or field of 'Demo.Customer'; did you mean 'Address'?"),
            Diagnostic("FCT0020").WithLocation(1).WithMessage("'Zzzz' in placeholder '{{Customer.Zzzz}}' of thinking unit 'Demo.Draft' is not a public property or field of 'Demo.Customer'"));

    [Fact]
    public Task FCT0021_fires_when_no_json_context_lists_the_output() =>
        VerifyAnalyzerAsync(
            Unit("{{Body}}", method: "public partial {|#0:ValueTask<Other>|} ProcessAsync(Ticket input, StationContext context, CancellationToken cancellationToken);"),
            [Types, Implementation("Other")],
            Diagnostic("FCT0021").WithLocation(0).WithMessage("The output type 'Demo.Other' of thinking unit 'Demo.Draft' has no source-generated JsonTypeInfo: list it with [JsonSerializable(typeof(Demo.Other))] on a JsonSerializerContext"));

    [Fact]
    public Task FCT0022_fires_on_a_unit_without_a_prompt() => VerifyAnalyzerAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;

        namespace Demo;

        [ThinkingUnit]
        public sealed partial class {|#0:Draft|}
        {
            public partial ValueTask<Reply> ProcessAsync(Ticket input, StationContext context, CancellationToken cancellationToken);
        }
        """,
        [Types, Implementation()],
        Diagnostic("FCT0022").WithLocation(0).WithMessage("Thinking unit 'Demo.Draft' has no prompt: add a 'const string' field marked [Prompt]"));

    [Fact]
    public Task FCT0022_fires_on_an_empty_prompt() =>
        Verify(
            """
            using System.Threading;
            using System.Threading.Tasks;
            using Factory;

            namespace Demo;

            [ThinkingUnit]
            public sealed partial class Draft
            {
                [Prompt]
                private const string Ask = {|#0:"  "|};

                public partial ValueTask<Reply> ProcessAsync(Ticket input, StationContext context, CancellationToken cancellationToken);
            }
            """,
            "Reply",
            Diagnostic("FCT0022").WithLocation(0).WithMessage("Thinking unit 'Demo.Draft' has an empty prompt: write the user message, with {{Member}} placeholders"));

    [Fact]
    public Task FCT0023_fires_on_malformed_placeholders() =>
        Verify(
            Unit("Hi {|#0:{{ }}|} and {|#1:{{a-b}}|} then {|#2:{{Body|}"),
            "Reply",
            Diagnostic("FCT0023").WithLocation(0).WithMessage("'{{ }}' in the prompt of thinking unit 'Demo.Draft' is not a placeholder: it is empty; write a member of the input, e.g. {{Body}} (write {{{{ for a literal {{)"),
            Diagnostic("FCT0023").WithLocation(1).WithMessage("'{{a-b}}' in the prompt of thinking unit 'Demo.Draft' is not a placeholder: 'a-b' is not a member path (letters, digits, '_' and '.' only) (write {{{{ for a literal {{)"),
            Diagnostic("FCT0023").WithLocation(2).WithMessage("'{{Body' in the prompt of thinking unit 'Demo.Draft' is not a placeholder: it has no closing }} (write {{{{ for a literal {{)"));

    [Fact]
    public Task FCT0024_fires_on_a_work_method_with_a_body() => VerifyAnalyzerAsync(
        Unit("{{Body}}", method: "public ValueTask<Reply> {|#0:ProcessAsync|}(Ticket input) => default;"),
        [Types],
        Diagnostic("FCT0024").WithLocation(0).WithMessage("The work method of thinking unit 'Demo.Draft' is not supported: it is not a partial declaration; declare it 'public partial' without a body and the generator writes it; declare 'public partial ValueTask<TOut> ProcessAsync(TIn input, StationContext context, CancellationToken cancellationToken);'"));

    [Fact]
    public Task FCT0024_fires_on_a_synchronous_work_method() => VerifyAnalyzerAsync(
        Unit("{{Body}}", method: "public partial Reply {|#0:Process|}(Ticket input);\n    public partial Reply Process(Ticket input) => new(input.Body);"),
        [Types],
        Diagnostic("FCT0024").WithLocation(0).WithMessage("The work method of thinking unit 'Demo.Draft' is not supported: a thinking unit returns Task<T> or ValueTask<T> (one model answer per input); declare 'public partial ValueTask<TOut> ProcessAsync(TIn input, StationContext context, CancellationToken cancellationToken);'"));

    [Fact]
    public Task FCT0024_fires_on_a_unit_without_a_work_method() => VerifyAnalyzerAsync(
        """
        using Factory;

        namespace Demo;

        [ThinkingUnit]
        public sealed partial class {|#0:Draft|}
        {
            [Prompt]
            private const string Ask = "{{Body}}";
        }
        """,
        [Types],
        Diagnostic("FCT0024").WithLocation(0).WithMessage("The work method of thinking unit 'Demo.Draft' is not supported: it has no ProcessAsync method; declare 'public partial ValueTask<TOut> ProcessAsync(TIn input, StationContext context, CancellationToken cancellationToken);'"));

    [Fact]
    public Task FCT0005_fires_on_thinking_unit_options_out_of_range() => VerifyAnalyzerAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;

        namespace Demo;

        [ThinkingUnit({|#0:MaxOutputTokens = 0|}, {|#1:Model = ""|})]
        public sealed partial class Draft
        {
            [Prompt]
            private const string Ask = "{{Body}}";

            public partial ValueTask<Reply> ProcessAsync(Ticket input, StationContext context, CancellationToken cancellationToken);
        }
        """,
        [Types, Implementation()],
        Diagnostic("FCT0005").WithLocation(0).WithMessage("Station 'Demo.Draft' has MaxOutputTokens = 0; it must be at least 1"),
        Diagnostic("FCT0005").WithLocation(1).WithMessage("Station 'Demo.Draft' has Model = \"\"; it must not be empty or white space"));

    [Fact]
    public Task FCT0020_fix_uses_the_suggested_member() => VerifyCodeFixAsync<UsePlaceholderMemberCodeFix>(
        Unit("Reply to {{{|FCT0020:Custmer|}.Name}}"),
        Unit("Reply to {{Customer.Name}}"),
        Types,
        Implementation());

    [Fact]
    public Task FCT0021_fix_adds_the_output_to_the_json_context() => VerifyCodeFixAsync<AddJsonSerializableCodeFix>(
        JsonFixSource(string.Empty, "{|FCT0021:ValueTask<Reply>|}"),
        JsonFixSource("[JsonSerializable(typeof(Reply))]\n", "ValueTask<Reply>"),
        Implementation());

    private static string JsonFixSource(string attribute, string returnType) => $$$"""
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;

        namespace Demo;

        public sealed record Address(string City);
        public sealed record Customer(string Name, Address? Address);
        public sealed record Ticket(string Id, string Body, Customer Customer);
        public sealed record Reply(string Text);

        [JsonSerializable(typeof(Ticket))]
        {{{attribute}}}public abstract partial class DemoJson : JsonSerializerContext
        {
            protected DemoJson() : base(null) { }
        }

        [ThinkingUnit]
        public sealed partial class Draft
        {
            [Prompt]
            private const string Ask = "{{Body}}";

            public partial {{{returnType}}} ProcessAsync(Ticket input, StationContext context, CancellationToken cancellationToken);
        }
        """;
}
