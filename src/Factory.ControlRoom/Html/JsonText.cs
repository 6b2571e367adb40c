using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Factory.ControlRoom;

/// <summary>
/// JSON as people read it: indented, with characters as themselves rather than <c>\u003C</c> escapes.
/// Safe because the page HTML-encodes it after (<see cref="Html.Text"/>); it is never put in a script.
/// </summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions Readable = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Pretty(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return Pretty(document.RootElement);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    public static string Pretty(JsonElement element)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Readable))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
