using System.Threading;
using System.Threading.Tasks;

namespace Factory.Experiments;

/// <summary>
/// Scores one variant's output for one input, from 0 (wrong) to 1 (right): an exact match against a
/// label, a reviewer's corrected output, or any custom score (<see cref="Scorers"/>).
/// </summary>
/// <typeparam name="TIn">The line's input type.</typeparam>
/// <typeparam name="TOut">The line's output type.</typeparam>
public interface IScorer<in TIn, in TOut>
{
    /// <summary>The scorer's name, as the report shows it.</summary>
    string Name { get; }

    /// <summary>The score of <paramref name="output"/>, given for <paramref name="input"/>, in [0, 1]; 0.5 or more counts as right.</summary>
    double Score(TIn input, TOut output);

    /// <summary>
    /// The same score, for a scorer that must wait for it (a model as judge, <c>ModelJudge</c> in
    /// Factory.AI): an experiment asks this one. By default, <see cref="Score"/>.
    /// </summary>
    ValueTask<double> ScoreAsync(TIn input, TOut output, CancellationToken cancellationToken) => new(Score(input, output));
}
