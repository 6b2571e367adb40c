using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using Factory.Ledger;
using TicketTriage;
using Xunit;

namespace Factory.Cli.Tests;

/// <summary>
/// <c>factory graph</c> on built assemblies: the example's and this one's. What it prints is rebuilt from
/// the descriptors the generator recorded in the metadata, so each line's Mermaid and descriptor hash must
/// be the generated <c>Mermaid</c> and the hash a run records.
/// </summary>
public sealed class GraphTests
{
    private static readonly string Example = typeof(TicketTriageLine).Assembly.Location;

    public static TheoryData<string> ExampleLines => new() { nameof(TicketTriageLine), nameof(RefundLine), nameof(ReplyLine), nameof(EscalationLine), nameof(PainPointLine) };

    private static LineDescriptor Descriptor(string line) => line switch
    {
        nameof(TicketTriageLine) => TicketTriageLine.Descriptor,
        nameof(RefundLine) => RefundLine.Descriptor,
        nameof(ReplyLine) => ReplyLine.Descriptor,
        nameof(EscalationLine) => EscalationLine.Descriptor,
        nameof(PainPointLine) => PainPointLine.Descriptor,
        _ => throw new ArgumentOutOfRangeException(nameof(line)),
    };

    [Theory]
    [MemberData(nameof(ExampleLines))]
    public async Task Each_line_of_the_example_is_its_generated_Mermaid_and_its_descriptor_hash(string line)
    {
        CliResult mermaid = await Cli.RunAsync(["graph", Example, "--line", line]);
        Assert.Equal(ExitCode.Ok, mermaid.Exit);
        Assert.Equal(Descriptor(line).ToMermaid(), mermaid.Out);
        Assert.Equal(line switch
        {
            nameof(TicketTriageLine) => TicketTriageLine.Mermaid,
            nameof(RefundLine) => RefundLine.Mermaid,
            nameof(ReplyLine) => ReplyLine.Mermaid,
            nameof(EscalationLine) => EscalationLine.Mermaid,
            _ => PainPointLine.Mermaid,
        }, mermaid.Out);

        // The hash covers every station's name, version, types, shape, options and permissions, and the wiring.
        CliResult json = await Cli.RunAsync(["graph", Example, "--line", line, "--format", "json"]);
        JsonElement recorded = Assert.Single(json.Json.GetProperty("lines").EnumerateArray());
        Assert.Equal(LineFingerprint.Sha256(Descriptor(line)), recorded.GetProperty("lineHash").GetString());
    }

    [Fact]
    public async Task The_json_has_the_documented_schema_with_gates_effects_and_routes_of_the_descriptor()
    {
        CliResult result = await Cli.RunAsync(["graph", Example, "--line", "TicketTriage.TicketTriageLine", "--output", "json"]);
        Assert.Equal(ExitCode.Ok, result.Exit);
        JsonElement line = Assert.Single(result.Json.GetProperty("lines").EnumerateArray());
        Assert.Equal(["name", "typeName", "lineHash", "inputType", "outputType", "requires", "stations", "edges", "routes", "exits"], line.EnumerateObject().Select(p => p.Name));
        JsonElement[] stations = [.. line.GetProperty("stations").EnumerateArray()];
        Assert.Equal(["path", "name", "version", "typeName", "inputType", "outputType", "shape", "options", "requires", "effects", "gate"], stations[0].EnumerateObject().Select(p => p.Name));

        LineDescriptor expected = TicketTriageLine.Descriptor;
        Assert.Equal(expected.Stations.Select(s => s.Path), stations.Select(s => s.GetProperty("path").GetString()));
        Assert.Equal(expected.Stations.Select(s => string.Join(',', s.Effects)), stations.Select(s => string.Join(',', s.GetProperty("effects").EnumerateArray().Select(e => e.GetString()))));
        int gate = expected.Stations.ToList().FindIndex(s => s.Gate is not null);
        Assert.True(gate > 0, "the example's line has a gate");
        JsonElement approvers = stations[gate].GetProperty("gate").GetProperty("approvers");
        Assert.Equal(expected.Stations[gate].Gate!.Approvers, approvers.EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal("gate", stations[gate].GetProperty("shape").GetString());
        Assert.Equal(expected.Routes.Count, line.GetProperty("routes").GetArrayLength());
        Assert.Equal(expected.Edges.Count, line.GetProperty("edges").GetArrayLength());
    }

    [Fact]
    public async Task Without_line_every_line_is_printed_each_after_a_comment_naming_it()
    {
        CliResult result = await Cli.RunAsync(["graph", Example]);
        Assert.Equal(ExitCode.Ok, result.Exit);
        Assert.Contains("%% line TicketTriageLine (TicketTriage.TicketTriageLine)\n" + TicketTriageLine.Mermaid, result.Out, StringComparison.Ordinal);
        Assert.Contains("%% line RefundLine (TicketTriage.RefundLine)\n" + RefundLine.Mermaid, result.Out, StringComparison.Ordinal);
        Assert.Equal(8, result.Out.Split("%% line ").Length - 1);
    }

    [Fact]
    public async Task The_svg_is_one_xml_drawing_with_every_station_and_the_gate_as_a_hexagon()
    {
        CliResult result = await Cli.RunAsync(["graph", Example, "--line", nameof(TicketTriageLine), "--format", "svg"]);
        Assert.Equal(ExitCode.Ok, result.Exit);
        XDocument svg = XDocument.Parse(result.Out);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        Assert.NotNull(svg.Root.Element(ns + "style"));
        string?[] drawn = [.. svg.Descendants(ns + "g").Select(g => (string?)g.Attribute("data-station"))];
        Assert.Equal(TicketTriageLine.Descriptor.Stations.Select(s => s.Path), drawn);
        XElement gate = Assert.Single(svg.Descendants(ns + "g"), g => ((string?)g.Attribute("class"))?.Contains("gate", StringComparison.Ordinal) == true);
        Assert.NotNull(gate.Element(ns + "polygon"));
        Assert.Equal("v1 · decided by refunds:approve", gate.Elements(ns + "text").Last().Value);
        Assert.DoesNotContain("not live", result.Out, StringComparison.Ordinal);
        Assert.Equal(TicketTriageLine.Descriptor.Edges.Count, svg.Descendants(ns + "path").Count(p => (string?)p.Attribute("class") == "belt"));

        CliResult several = await Cli.RunAsync(["graph", Example, "--format", "svg"]);
        Assert.Equal(ExitCode.Usage, several.Exit);
        Assert.Contains("An SVG drawing is of one line: pass --line with one of ClassifyLine, ClassifyLineV2, EscalationLine, PainPointLine", several.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task This_assemblys_own_lines_are_drawn_as_their_Mermaid_by_the_tool_process()
    {
        // The tool process has none of these types: what it prints comes from the metadata alone.
        string tests = typeof(Pricing).Assembly.Location;
        CliResult pricing = await ToolProcess.RunAsync("graph", tests, "--line", nameof(Pricing));
        Assert.Equal(ExitCode.Ok, pricing.Exit);
        Assert.Equal(Pricing.Mermaid, pricing.Out);
        CliResult review = await Cli.RunAsync(["graph", tests, "--line", nameof(RefundReview)]);
        Assert.Equal(RefundReview.Mermaid, review.Out);
    }

    [Fact]
    public async Task The_assembly_is_read_not_loaded()
    {
        string copy = Path.Combine(Path.GetTempPath(), $"graph-{Guid.NewGuid():N}.dll");
        File.Copy(Example, copy);
        try
        {
            CliResult result = await Cli.RunAsync(["graph", copy, "--line", nameof(ReplyLine)]);
            Assert.Equal(ReplyLine.Mermaid, result.Out);
            Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => !a.IsDynamic && a.Location == copy);

            // Not locked either: the file can go at once.
            File.Delete(copy);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public async Task Bad_assemblies_and_lines_are_named_with_what_to_do()
    {
        CliResult missing = await Cli.RunAsync(["graph", "/nowhere/App.dll"]);
        Assert.Equal(ExitCode.NotFound, missing.Exit);
        Assert.Contains("No file /nowhere/App.dll: pass the path of a built assembly", missing.Error, StringComparison.Ordinal);

        string text = Path.GetTempFileName();
        try
        {
            File.WriteAllText(text, "not an assembly");
            CliResult notAssembly = await Cli.RunAsync(["graph", text]);
            Assert.Equal(ExitCode.Usage, notAssembly.Exit);
            Assert.Contains($"{text} is not a .NET assembly", notAssembly.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(text);
        }

        // The command line's own assembly has no lines.
        CliResult none = await Cli.RunAsync(["graph", typeof(FactoryCli).Assembly.Location]);
        Assert.Equal(ExitCode.NotFound, none.Exit);
        Assert.Contains("records no lines", none.Error, StringComparison.Ordinal);

        CliResult unknown = await Cli.RunAsync(["graph", Example, "--line", "Nope"]);
        Assert.Equal(ExitCode.NotFound, unknown.Exit);
        Assert.Contains("has no line Nope: it has ClassifyLine, ClassifyLineV2, EscalationLine, PainPointLine, RefundLine, ReplyLine, TicketTriageLine, TicketTriageLineV2", unknown.Error, StringComparison.Ordinal);

        CliResult format = await Cli.RunAsync(["graph", Example, "--format", "png"]);
        Assert.Equal(ExitCode.Usage, format.Exit);
    }
}
