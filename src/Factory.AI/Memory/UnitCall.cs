using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace Factory.AI.Memory;

/// <summary>
/// One run of a thinking unit on one input: what every model call of it shares (the rendered prompt and
/// system message, the job), and, for the memory tier, whether this run asked the model itself.
/// </summary>
internal sealed class UnitCall<TIn, TOut>(
    IThinkingUnit<TIn, TOut> unit,
    ThinkingUnitSpec<TOut> spec,
    ModelCatalog models,
    TIn input,
    StationContext? context,
    JobOrder job,
    string system,
    string prompt)
{
    public ThinkingUnitSpec<TOut> Spec { get; } = spec;

    public ModelCatalog Models { get; } = models;

    public StationContext? Context { get; } = context;

    public JobOrder Job { get; } = job;

    public string System { get; } = system;

    public string Prompt { get; } = prompt;

    /// <summary>True once this run asked the model (rather than being answered from memory).</summary>
    public bool Asked { get; set; }

    /// <summary>The output this run's own model calls produced.</summary>
    public TOut? Output { get; set; }

    /// <summary>True when <paramref name="text"/> parses as the output type and passes inspection; otherwise <paramref name="problems"/> says why.</summary>
    public bool Accepts(string text, List<string> problems, [NotNullWhen(true)] out TOut? output)
    {
        problems.Clear();
        if (ThinkingEngine.TryParse(text, Spec, problems, out output))
        {
            unit.Inspect(input, output!, problems);
        }

        return problems.Count == 0 && output is not null;
    }
}
