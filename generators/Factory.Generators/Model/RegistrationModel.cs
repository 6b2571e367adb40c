namespace Factory.Generators.Model;

/// <summary>What the DI registration extension registers for one assembly. Immutable, structurally equal.</summary>
/// <param name="AssemblyName">The assembly's name, made into an identifier.</param>
/// <param name="Services">Stations and lines with the constructors to call.</param>
internal sealed record RegistrationModel(string AssemblyName, EquatableArray<ServiceModel> Services);
