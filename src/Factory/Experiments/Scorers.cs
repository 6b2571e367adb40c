using System;
using System.Collections.Generic;

namespace Factory.Experiments;

/// <summary>Ready-made scorers.</summary>
public static class Scorers
{
    /// <summary>1 when the output equals the label <paramref name="label"/> gives for the input (by <paramref name="comparer"/>), else 0.</summary>
    public static IScorer<TIn, TOut> ExactMatch<TIn, TOut>(Func<TIn, TOut> label, IEqualityComparer<TOut>? comparer = null, string name = "exact match")
    {
        ArgumentNullException.ThrowIfNull(label);
        IEqualityComparer<TOut> equal = comparer ?? EqualityComparer<TOut>.Default;
        return new Custom<TIn, TOut>(name, (input, output) => equal.Equals(label(input), output) ? 1 : 0);
    }

    /// <summary>Whatever <paramref name="score"/> says, clamped to [0, 1].</summary>
    public static IScorer<TIn, TOut> Of<TIn, TOut>(string name, Func<TIn, TOut, double> score)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(score);
        return new Custom<TIn, TOut>(name, score);
    }

    private sealed class Custom<TIn, TOut>(string name, Func<TIn, TOut, double> score) : IScorer<TIn, TOut>
    {
        public string Name => name;

        public double Score(TIn input, TOut output) => Math.Clamp(score(input, output), 0, 1);
    }
}
