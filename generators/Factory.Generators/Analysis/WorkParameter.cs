namespace Factory.Generators.Analysis;

/// <summary>The extra parameters a work method may take after its input.</summary>
internal enum WorkParameter
{
    Context,
    CancellationToken,
}
