namespace Factory.Generators.Analysis;

/// <summary>An option written on a <c>[Station]</c> whose value is out of range (FCT0005).</summary>
internal readonly struct OptionProblem
{
    public OptionProblem(string option, string value, string rule)
    {
        Option = option;
        Value = value;
        Rule = rule;
    }

    /// <summary>The option's name, e.g. <c>Parallelism</c>.</summary>
    public string Option { get; }

    /// <summary>The value as C# writes it, e.g. <c>0</c>, <c>""</c>, <c>["read", ""]</c>.</summary>
    public string Value { get; }

    /// <summary>What the value must be, in words for a diagnostic, e.g. "it must be at least 1".</summary>
    public string Rule { get; }
}
