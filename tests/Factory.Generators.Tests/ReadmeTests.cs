using System;
using System.IO;
using System.Linq;
using Factory.Generators.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Factory.Generators.Tests;

/// <summary>The README promises its station-and-line example compiles as written: hold it to that.</summary>
public sealed class ReadmeTests
{
    // What <ImplicitUsings>enable</ImplicitUsings> gives a console project.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    [Fact]
    public void The_README_example_compiles_as_written()
    {
        string example = CodeBlockAfter(ReadReadme(), "## A station and a line");
        Assert.Contains("[Line]", example, StringComparison.Ordinal);

        CSharpCompilation program = GeneratorHarness.Compile(ImplicitUsings, example)
            .WithOptions(new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        Generated generated = GeneratorHarness.RunClean(program);

        Assert.Contains("Triage.Line.g.cs", generated.Sources.Keys);
    }

    [Fact]
    public void The_README_gate_example_compiles_as_written()
    {
        string example = CodeBlockAfter(ReadReadme(), "## Human gates");
        Assert.Contains("[Gate<RefundDraft>", example, StringComparison.Ordinal);

        // System.Text.Json's own generator, which implements the context in a real project, does not run here.
        const string context = "internal sealed partial class RefundJson : JsonSerializerContext;";
        Assert.Contains(context, example, StringComparison.Ordinal);
        example = example.Replace(context, "internal abstract partial class RefundJson : JsonSerializerContext { protected RefundJson() : base(null) { } }", StringComparison.Ordinal);
        Generated generated = GeneratorHarness.RunClean(GeneratorHarness.Compile(ImplicitUsings, example));

        Assert.Contains("ApproveRefund.Gate.g.cs", generated.Sources.Keys);
        Assert.Contains("Refunds.Line.g.cs", generated.Sources.Keys);
    }

    private static string CodeBlockAfter(string markdown, string heading)
    {
        int section = markdown.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(section >= 0, $"README.md has no '{heading}' section");
        int start = markdown.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        int end = markdown.IndexOf("```", start, StringComparison.Ordinal);
        return markdown[start..end];
    }

    private static string ReadReadme()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string readme = Path.Combine(folder.FullName, "README.md");
            if (File.Exists(readme) && File.Exists(Path.Combine(folder.FullName, "Factory.sln")))
            {
                return File.ReadAllText(readme).Replace("\r\n", "\n", StringComparison.Ordinal);
            }
        }

        throw new FileNotFoundException("README.md next to Factory.sln was not found above " + AppContext.BaseDirectory);
    }
}
