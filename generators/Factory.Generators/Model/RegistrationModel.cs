namespace Factory.Generators.Model;

/// <summary>What the DI registration extension registers for one assembly. Immutable, structurally equal.</summary>
/// <param name="AssemblyName">The assembly's name, made into an identifier.</param>
/// <param name="Services">Stations and lines with the constructors to call.</param>
internal sealed record RegistrationModel(string AssemblyName, EquatableArray<ServiceModel> Services);

/// <summary>One registered type.</summary>
/// <param name="Type">Fully qualified type.</param>
/// <param name="ParameterTypes">Fully qualified constructor parameter types.</param>
/// <param name="LineInterface">The ILine&lt;,&gt; it also serves as, for lines; empty for stations.</param>
/// <param name="Initializer">An object initializer's content, e.g. a thinking unit's <c>Models</c>; empty for none.</param>
internal sealed record ServiceModel(string Type, EquatableArray<string> ParameterTypes, string LineInterface, string Initializer = "");
