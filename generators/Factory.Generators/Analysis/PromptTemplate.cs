using System.Collections.Immutable;
using System.Text;

namespace Factory.Generators.Analysis;

/// <summary>What a piece of a prompt is.</summary>
internal enum PromptTokenKind
{
    /// <summary>Literal text (escapes already resolved).</summary>
    Text,

    /// <summary><c>{{Name}}</c> or <c>{{Name.Sub}}</c>: a member path of the input.</summary>
    Placeholder,

    /// <summary>Something that opens like a placeholder but is not one (FCT0023).</summary>
    Malformed,
}

/// <summary>One piece of a prompt, with where it is in the prompt's text.</summary>
internal readonly struct PromptToken
{
    public PromptToken(PromptTokenKind kind, string value, int start, int length, string? problem = null)
    {
        Kind = kind;
        Value = value;
        Start = start;
        Length = length;
        Problem = problem;
    }

    public PromptTokenKind Kind { get; }

    /// <summary>The text, the placeholder's member path (trimmed), or the malformed text.</summary>
    public string Value { get; }

    /// <summary>Where the token starts in the prompt (for a placeholder: where its path starts).</summary>
    public int Start { get; }

    /// <summary>How long it is in the prompt (for a placeholder: its path's length).</summary>
    public int Length { get; }

    /// <summary>Why a malformed token is not a placeholder.</summary>
    public string? Problem { get; }

    /// <summary>The path's parts: <c>Customer.Name</c> gives <c>Customer</c>, <c>Name</c>.</summary>
    public string[] Path => Value.Split('.');
}

/// <summary>
/// Splits a prompt into text and placeholders. <c>{{Name}}</c> and <c>{{Name.Sub}}</c> (spaces
/// inside the braces allowed) are placeholders; <c>{{{{</c> is a literal <c>{{</c> and <c>}}}}</c> a
/// literal <c>}}</c>; a single brace is text. An opening <c>{{</c> without a closing one, or around
/// something that is not a dotted member path, is malformed.
/// </summary>
internal static class PromptTemplate
{
    public static ImmutableArray<PromptToken> Parse(string prompt)
    {
        ImmutableArray<PromptToken>.Builder tokens = ImmutableArray.CreateBuilder<PromptToken>();
        var text = new StringBuilder();
        int textStart = 0;
        int i = 0;
        while (i < prompt.Length)
        {
            if (At(prompt, i, "{{{{") || At(prompt, i, "}}}}"))
            {
                text.Append(prompt[i], 2);
                i += 4;
                continue;
            }

            if (!At(prompt, i, "{{"))
            {
                text.Append(prompt[i]);
                i++;
                continue;
            }

            Flush(tokens, text, textStart);
            int close = prompt.IndexOf("}}", i + 2, System.StringComparison.Ordinal);
            if (close < 0)
            {
                tokens.Add(new PromptToken(PromptTokenKind.Malformed, prompt.Substring(i), i, prompt.Length - i, "it has no closing }}"));
                i = prompt.Length;
                textStart = i;
                break;
            }

            string inner = prompt.Substring(i + 2, close - i - 2);
            string path = inner.Trim();
            int pathStart = i + 2 + (inner.Length - inner.TrimStart().Length);
            string? problem = PathProblem(path);
            tokens.Add(problem is null
                ? new PromptToken(PromptTokenKind.Placeholder, path, pathStart, path.Length)
                : new PromptToken(PromptTokenKind.Malformed, prompt.Substring(i, close + 2 - i), i, close + 2 - i, problem));
            i = close + 2;
            textStart = i;
        }

        Flush(tokens, text, textStart);
        return tokens.ToImmutable();
    }

    /// <summary>Why <paramref name="path"/> is not a dotted member path, or null when it is one.</summary>
    private static string? PathProblem(string path)
    {
        if (path.Length == 0)
        {
            return "it is empty; write a member of the input, e.g. {{Body}}";
        }

        foreach (string part in path.Split('.'))
        {
            if (part.Length == 0)
            {
                return $"'{path}' has an empty member name";
            }

            if (!(char.IsLetter(part[0]) || part[0] == '_'))
            {
                return $"'{part}' is not a member name";
            }

            foreach (char c in part)
            {
                if (!(char.IsLetterOrDigit(c) || c == '_'))
                {
                    return $"'{path}' is not a member path (letters, digits, '_' and '.' only)";
                }
            }
        }

        return null;
    }

    private static bool At(string text, int index, string what) =>
        string.CompareOrdinal(text, index, what, 0, what.Length) == 0 && index + what.Length <= text.Length;

    private static void Flush(ImmutableArray<PromptToken>.Builder tokens, StringBuilder text, int start)
    {
        if (text.Length > 0)
        {
            tokens.Add(new PromptToken(PromptTokenKind.Text, text.ToString(), start, 0));
            text.Clear();
        }
    }
}
