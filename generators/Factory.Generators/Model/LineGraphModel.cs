namespace Factory.Generators.Model;

/// <summary>
/// A line as its descriptor is made from it: its name, its class, and its steps with every station's
/// facts and every nested line's steps resolved, recorded in the assembly's metadata
/// (<c>[assembly: LineDescriptor]</c>). Immutable, structurally equal.
/// </summary>
/// <param name="Type">The line class.</param>
/// <param name="Name">Line name.</param>
/// <param name="Steps">The steps in order.</param>
internal sealed record LineGraphModel(TypeDeclaration Type, string Name, EquatableArray<GraphStepModel> Steps);
