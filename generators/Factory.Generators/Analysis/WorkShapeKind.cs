namespace Factory.Generators.Analysis;

/// <summary>How a work method returns; mirrors <c>Factory.WorkShape</c> (the runtime's enum, by name).</summary>
internal enum WorkShapeKind
{
    Sync,
    Task,
    ValueTask,
    Enumerable,
    AsyncEnumerable,
}
