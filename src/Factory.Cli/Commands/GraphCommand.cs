using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading.Tasks;
using Factory.Cli.Graph;
using Factory.Cli.Output;

namespace Factory.Cli.Commands;

/// <summary>
/// <c>factory graph ASSEMBLY</c>: the lines of a built assembly, drawn from the descriptors the generator
/// recorded in its metadata; the assembly is read, never loaded, so none of its code runs.
/// </summary>
internal static class GraphCommand
{
    public static Command Create(CliHost host, GlobalOptions options)
    {
        var assembly = new Argument<string>("ASSEMBLY") { Description = "The built assembly (.dll) whose lines to draw." };
        var line = new Option<string?>("--line") { Description = "Only this line: its name or its class's name." };
        var format = new Option<string>("--format") { Description = "mermaid (default), svg, or json (also --output json).", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "svg", "json");
        var command = new Command("graph", "Draw the lines of a built assembly without running its code: a Mermaid flowchart, an SVG drawing, or the descriptor as JSON.\nExample: factory graph bin/Release/net10.0/TicketTriage.dll --line TicketTriageLine --format svg > line.svg") { assembly, line, format };
        command.SetAction(FactoryCli.Plain(host, parse =>
        {
            string path = parse.GetValue(assembly)!;
            IReadOnlyList<LineDescriptor> lines = Select(path, AssemblyLines.Read(path), parse.GetValue(line));
            bool json = parse.GetValue(options.Json) || parse.GetValue(options.Output) == "json";
            Print(host, path, lines, json ? "json" : parse.GetValue(format)!);
            return Task.FromResult(ExitCode.Ok);
        }));
        return command;
    }

    private static IReadOnlyList<LineDescriptor> Select(string path, IReadOnlyList<(string TypeName, string Json)> recorded, string? wanted)
    {
        if (recorded.Count == 0)
        {
            throw CliException.NotFound($"{path} records no lines: build it with this version of Factory (the generator records each [Line] whose stations are all in the assembly).");
        }

        LineDescriptor[] lines = [.. recorded.Select(r => RecordedLine.Read(r.TypeName, r.Json))];
        if (wanted is null)
        {
            return lines;
        }

        LineDescriptor? found = lines.FirstOrDefault(l => l.Name == wanted || l.TypeName == wanted || l.TypeName.EndsWith("." + wanted, StringComparison.Ordinal));
        return found is null
            ? throw CliException.NotFound($"{path} has no line {wanted}: it has {string.Join(", ", lines.Select(l => l.Name))}.")
            : [found];
    }

    private static void Print(CliHost host, string path, IReadOnlyList<LineDescriptor> lines, string format)
    {
        switch (format)
        {
            case "json":
                new Screen(host, json: true).Json(json =>
                {
                    json.WriteStartObject();
                    json.WriteStartArray("lines");
                    foreach (LineDescriptor line in lines)
                    {
                        DescriptorJson.Line(json, line);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                });
                break;
            case "svg":
                if (lines.Count > 1)
                {
                    throw CliException.Usage($"An SVG drawing is of one line: pass --line with one of {string.Join(", ", lines.Select(l => l.Name))} ({path}).");
                }

                host.Out.Write(LineSvg.Draw(lines[0]));
                break;
            default:
                // One line: exactly its Mermaid. Several: each after a Mermaid comment naming it.
                foreach (LineDescriptor line in lines)
                {
                    if (lines.Count > 1)
                    {
                        host.Out.Write($"%% line {line.Name} ({line.TypeName})\n");
                    }

                    host.Out.Write(line.ToMermaid());
                }

                break;
        }
    }
}
