using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Analysis;

/// <summary>A placeholder bound to the input's members, or why it could not be (FCT0020).</summary>
internal sealed class PlaceholderBinding
{
    public PlaceholderBinding(PromptToken token, ImmutableArray<ISymbol> members, int failedAt, ITypeSymbol? owner, string? suggestion)
    {
        Token = token;
        Members = members;
        FailedAt = failedAt;
        Owner = owner;
        Suggestion = suggestion;
    }

    public PromptToken Token { get; }

    /// <summary>The members the path walks, in order (all of them when bound).</summary>
    public ImmutableArray<ISymbol> Members { get; }

    /// <summary>The index of the path part that is not a member, or -1 when bound.</summary>
    public int FailedAt { get; }

    /// <summary>The type that lacks the member.</summary>
    public ITypeSymbol? Owner { get; }

    /// <summary>The closest member name of <see cref="Owner"/>, when one is close.</summary>
    public string? Suggestion { get; }

    public bool IsBound => FailedAt < 0;

    /// <summary>Where the failed part starts in the prompt, and its length.</summary>
    public (int Start, int Length) FailedSpan
    {
        get
        {
            string[] parts = Token.Path;
            int start = Token.Start;
            for (int i = 0; i < FailedAt; i++)
            {
                start += parts[i].Length + 1;
            }

            return (start, parts[Math.Max(0, FailedAt)].Length);
        }
    }
}
