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
    public const string RoutesNotExhaustive = "FCT0010";
    public const string RouteTargetCannotTakeCase = "FCT0011";
    public const string RouteCaseNotRoutedType = "FCT0012";
    public const string BranchOutputsDiffer = "FCT0013";
    public const string LineContainsItself = "FCT0014";
    public const string RouteWithoutStep = "FCT0015";
    public const string BatchOptionsWithoutBatchMethod = "FCT0016";
    public const string BatchMethodWithoutBatchSize = "FCT0017";
    public const string GatherWithoutSplit = "FCT0018";
    public const string PlaceholderNotAMember = "FCT0020";
    public const string OutputWithoutJsonTypeInfo = "FCT0021";
    public const string MissingPrompt = "FCT0022";
    public const string MalformedPlaceholder = "FCT0023";
    public const string UnsupportedUnitMethod = "FCT0024";
    public const string UngatedEffect = "FCT0025";
    public const string GatePayloadWithoutJsonTypeInfo = "FCT0026";
    public const string GateWithoutApprovers = "FCT0027";
    public const string GateWithoutTimeout = "FCT0028";
    public const string DistributedMaterialNotListed = "FCT0029";

    public const string DistributedPartNotSupported = "FCT0030";
    public const string InspectorTypesDiffer = "FCT0031";
    public const string InspectedIsNotStation = "FCT0032";
    public const string InspectedStationOnNoLine = "FCT0033";
    public const string InspectorOutOfReach = "FCT0034";
    public const string InspectorOnDistributedLine = "FCT0035";
}
