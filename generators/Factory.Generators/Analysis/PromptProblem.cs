namespace Factory.Generators.Analysis;

/// <summary>What is wrong with a thinking unit's prompt (FCT0022).</summary>
internal enum PromptProblem
{
    None,
    Missing,
    Empty,
    NotConstant,
}
