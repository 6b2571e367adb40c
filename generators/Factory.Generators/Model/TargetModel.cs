namespace Factory.Generators.Model;

/// <summary>A station or line a step or a route runs.</summary>
/// <param name="IsLine">True for a line, false for a station.</param>
/// <param name="IsBatch">True for a batch station.</param>
/// <param name="Type">The station or line.</param>
/// <param name="Parameter">Its constructor parameter and field name: camelCase, numbered when a type repeats (a keyword is escaped when written).</param>
/// <param name="InputType">What it takes.</param>
/// <param name="OutputType">What it gives.</param>
/// <param name="IsGate">True for a gate: it parks materials for a decision instead of calling a work method.</param>
internal sealed record TargetModel(bool IsLine, bool IsBatch, TypeRef Type, string Parameter, TypeRef InputType, TypeRef OutputType, bool IsGate = false);
