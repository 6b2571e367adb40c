namespace Factory.Generators.Model;

/// <summary>The constructor a DI factory calls: its parameter types. Null where a model has none usable.</summary>
internal sealed record ConstructorModel(EquatableArray<TypeRef> ParameterTypes);
