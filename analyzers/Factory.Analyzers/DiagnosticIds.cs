namespace Factory.Analyzers;

/// <summary>The FCT ids, for analyzers, code fixes and tests.</summary>
internal static class DiagnosticIds
{
    public const string StepTypeMismatch = "FCT0001";
    public const string MissingWorkMethod = "FCT0002";
    public const string AmbiguousWorkMethod = "FCT0003";
    public const string NotPartial = "FCT0004";
    public const string OptionOutOfRange = "FCT0005";
    public const string LineWithoutSteps = "FCT0006";
    public const string StepIsNotStationOrLine = "FCT0007";
    public const string UnsupportedWorkMethod = "FCT0008";
}
