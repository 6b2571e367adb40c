using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Factory.Cli.Output;

/// <summary>
/// Where a command prints: tables and colour through Spectre.Console (no colour when the output is not a
/// terminal or NO_COLOR is set), or JSON for scripts (<c>--output json</c>).
/// </summary>
internal sealed class Screen
{
    private readonly CliHost host;
    private readonly IAnsiConsole console;

    public Screen(CliHost host, bool json)
    {
        this.host = host;
        IsJson = json;
        bool colour = host.UseColour;
        console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colour ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(host.Out),
        });

        // Redirected output has no width: wide enough that ids and messages are not wrapped.
        if (!host.IsTerminal)
        {
            console.Profile.Width = 200;
        }
    }

    /// <summary>True when the operator asked for JSON.</summary>
    public bool IsJson { get; }

    /// <summary>A table whose columns are named <paramref name="columns"/>.</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (string column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        }

        return table;
    }

    /// <summary>Adds a row of plain values (never read as markup: a value with brackets prints as it is).</summary>
    public static void Row(Table table, params IRenderable[] cells) => table.AddRow(cells);

    /// <summary>A plain cell.</summary>
    public static IRenderable Cell(string? text) => new Text(text ?? string.Empty);

    /// <summary>A cell coloured by what the word means: green done, red failed, yellow waiting.</summary>
    public static IRenderable Word(string word) => new Text(word, new Style(Words.Colour(word)));

    public void Write(IRenderable renderable) => console.Write(renderable);

    public void Line(string text) => console.WriteLine(text);

    public void Heading(string text) => console.Write(new Text(text + Environment.NewLine, new Style(decoration: Decoration.Bold)));

    /// <summary>Writes one JSON document (indented, UTF-8) and a new line.</summary>
    public void Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        host.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>A JSON text laid out for reading (the ledger keeps it compact); invalid JSON as it is.</summary>
    public static string Pretty(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                document.WriteTo(writer);
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>Prints <paramref name="rows"/> as key/value lines under a heading.</summary>
    public void Fields(string heading, IEnumerable<(string Key, string? Value)> rows)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach ((string key, string? value) in rows)
        {
            grid.AddRow(new Text(key, new Style(decoration: Decoration.Bold)), new Text(value ?? "-"));
        }

        Heading(heading);
        console.Write(grid);
    }
}
