using System.Linq;
using Factory.Generators.Model;

namespace Factory.Generators.Emit;

/// <summary>
/// Writes the <c>Redact</c> method through which a dead letter or a discard keeps a value without its
/// <c>[Sensitive]</c> members (and <c>RedactOutput</c>, through which a sample for review keeps an output).
/// </summary>
internal static class Redactions
{
    /// <summary>Writes <c>Redact</c> (or <paramref name="method"/>) over <paramref name="type"/>, unless nothing is sensitive.</summary>
    public static void Write(SourceWriter writer, string summary, TypeRef type, Redaction redaction, string method = "Redact")
    {
        if (redaction.Kind == RedactionKind.None)
        {
            return;
        }

        writer.Line();
        writer.Line($"/// <summary>{summary}</summary>");
        writer.Line($"public object? {method}({type} input) => {Expression(redaction)};");
    }

    private static string Expression(Redaction redaction)
    {
        if (redaction.Kind == RedactionKind.Nothing)
        {
            return "null";
        }

        string copy = "input with { " + string.Join(", ", redaction.Members.Select(Blank)) + " }";

        // A null record (a step that gave nothing to route, a null input) is kept as it is: 'with' on it would throw.
        return redaction.CanBeNull ? "input is null ? null : " + copy : copy;
    }

    private static string Blank(BlankedMember member) =>
        $"{Identifiers.Escape(member.Name)} = {(member.IsText ? Literals.String("***") : "default!")}";
}
