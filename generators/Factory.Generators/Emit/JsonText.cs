using System.Globalization;
using System.Text;

namespace Factory.Generators.Emit;

/// <summary>
/// Writes compact JSON (the generator has no System.Text.Json): objects, arrays, strings escaped as
/// JSON requires, numbers in invariant culture. The caller writes the structure in order.
/// </summary>
internal sealed class JsonText
{
    private readonly StringBuilder text = new();
    private bool first = true;

    public JsonText StartObject(string? name = null) => Start(name, '{');

    public JsonText EndObject() => End('}');

    public JsonText StartArray(string? name = null) => Start(name, '[');

    public JsonText EndArray() => End(']');

    public JsonText String(string? name, string value)
    {
        Name(name);
        Quote(value);
        return this;
    }

    public JsonText Number(string name, int value)
    {
        Name(name);
        text.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public JsonText Bool(string name, bool value)
    {
        Name(name);
        text.Append(value ? "true" : "false");
        return this;
    }

    /// <summary>An array of strings.</summary>
    public JsonText Strings(string name, System.Collections.Generic.IEnumerable<string> values)
    {
        StartArray(name);
        foreach (string value in values)
        {
            String(null, value);
        }

        return EndArray();
    }

    public override string ToString() => text.ToString();

    private JsonText Start(string? name, char open)
    {
        Name(name);
        text.Append(open);
        first = true;
        return this;
    }

    private JsonText End(char close)
    {
        text.Append(close);
        first = false;
        return this;
    }

    private void Name(string? name)
    {
        if (!first)
        {
            text.Append(',');
        }

        first = false;
        if (name is not null)
        {
            Quote(name);
            text.Append(':');
        }
    }

    private void Quote(string value)
    {
        text.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        text.Append('"');
    }
}
