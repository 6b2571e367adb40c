namespace Factory.Generators.Model;

/// <summary>One registered station or line.</summary>
/// <param name="Type">The registered class, fully qualified.</param>
/// <param name="ParameterTypes">Its constructor's parameter types, each asked of the provider.</param>
/// <param name="SetsModels">True for a thinking unit with a constructor of its own: its <c>Models</c> is set from the provider's catalog too.</param>
/// <param name="LineInput">For a line, the <c>TIn</c> of the <c>ILine&lt;TIn, TOut&gt;</c> it also serves as; null for a station.</param>
/// <param name="LineOutput">For a line, the <c>TOut</c>; null for a station.</param>
internal sealed record ServiceModel(string Type, EquatableArray<TypeRef> ParameterTypes, bool SetsModels, TypeRef? LineInput, TypeRef? LineOutput);
