using System;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Factory.ControlRoom;

/// <summary>
/// Writes HTML with every value encoded: text and attribute values go through <see cref="HtmlEncoder"/>,
/// tag and attribute names are the code's own constants. There is no way to write a value raw, so a
/// ticket whose body is <c>&lt;script&gt;</c> is shown as text, never run.
/// </summary>
internal sealed class Html
{
    // Every script and language as itself; the characters that matter to HTML (<, >, &, quotes) are always encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    private readonly StringBuilder text = new(4096);

    /// <summary>The document type, first on a page.</summary>
    public Html Doctype()
    {
        text.Append("<!doctype html>");
        return this;
    }

    /// <summary>An opening tag with its attributes (a null value leaves the attribute out).</summary>
    public Html Open(string tag, params ReadOnlySpan<(string Name, string? Value)> attributes)
    {
        text.Append('<').Append(tag);
        foreach ((string name, string? value) in attributes)
        {
            if (value is not null)
            {
                text.Append(' ').Append(name).Append("=\"");
                Encoder.Encode(new System.IO.StringWriter(text, CultureInfo.InvariantCulture), value);
                text.Append('"');
            }
        }

        text.Append('>');
        return this;
    }

    /// <summary>A closing tag.</summary>
    public Html Close(string tag)
    {
        text.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>Text, encoded.</summary>
    public Html Text(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Encoder.Encode(new System.IO.StringWriter(text, CultureInfo.InvariantCulture), value);
        }

        return this;
    }

    /// <summary>A number, invariant.</summary>
    public Html Number(long value) => Text(value.ToString("N0", CultureInfo.InvariantCulture));

    /// <summary>A time, as UTC to the second.</summary>
    public Html Time(DateTimeOffset? value) => Text(value is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-");

    /// <summary>An element holding encoded text.</summary>
    public Html Element(string tag, string? value, params ReadOnlySpan<(string Name, string? Value)> attributes) => Open(tag, attributes).Text(value).Close(tag);

    /// <summary>A link.</summary>
    public Html Link(string href, string? value, string? cssClass = null) => Element("a", value, ("href", href), ("class", cssClass));

    /// <summary>An element without content (input, br, meta).</summary>
    public Html Void(string tag, params ReadOnlySpan<(string Name, string? Value)> attributes) => Open(tag, attributes);

    /// <summary>A table header row.</summary>
    public Html HeaderRow(params ReadOnlySpan<string> headings)
    {
        Open("thead").Open("tr");
        foreach (string heading in headings)
        {
            Element("th", heading);
        }

        return Close("tr").Close("thead");
    }

    /// <summary>A table cell.</summary>
    public Html Cell(string? value, string? cssClass = null) => Element("td", value, ("class", cssClass));

    /// <summary>A table cell with a number.</summary>
    public Html Cell(long value) => Open("td", ("class", "n")).Number(value).Close("td");

    /// <summary>The markup written so far.</summary>
    public override string ToString() => text.ToString();
}
