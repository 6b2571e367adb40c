namespace Factory.Generators.Model;

/// <summary>One route: a case type and its target, or a discard (no target).</summary>
/// <param name="CaseType">The case type.</param>
/// <param name="CaseDisplay">The case type as shown in descriptors.</param>
/// <param name="Target">The target, or null for a discard.</param>
internal sealed record RouteModel(TypeRef CaseType, string CaseDisplay, TargetModel? Target);
