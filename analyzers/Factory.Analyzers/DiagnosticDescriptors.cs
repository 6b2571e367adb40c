using Microsoft.CodeAnalysis;

namespace Factory.Analyzers;

/// <summary>
/// Every FCT diagnostic, catalogued once. Each has a help link to its section of
/// <c>docs/diagnostics.md</c> and is listed in <c>AnalyzerReleases.*.md</c>.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string Category = "Factory";

    public const string HelpLinkBase = "https://github.com/factory-dotnet/factory/blob/main/docs/diagnostics.md";

    /// <summary>FCT0001: a step's input type is not the previous step's output type.</summary>
    public static readonly DiagnosticDescriptor StepTypeMismatch = new(
        id: DiagnosticIds.StepTypeMismatch,
        title: "Step input does not match the previous step's output",
        messageFormat: "Step '{0}' of line '{1}' takes '{2}', but the previous step '{3}' gives '{4}'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Each step of a line takes exactly the type the step before it gives. Reorder the steps, add a station that converts between the two types, or change a station's work method.",
        helpLinkUri: HelpLinkBase + "#fct0001");

    /// <summary>FCT0002: a station has no work method.</summary>
    public static readonly DiagnosticDescriptor MissingWorkMethod = new(
        id: DiagnosticIds.MissingWorkMethod,
        title: "Station has no work method",
        messageFormat: "Station '{0}' has no Process or ProcessAsync method",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A station's work is one public instance method named Process or ProcessAsync that takes the input and returns the output.",
        helpLinkUri: HelpLinkBase + "#fct0002");

    /// <summary>FCT0003: a station has more than one work method.</summary>
    public static readonly DiagnosticDescriptor AmbiguousWorkMethod = new(
        id: DiagnosticIds.AmbiguousWorkMethod,
        title: "Station has more than one work method",
        messageFormat: "Station '{0}' already has the work method '{1}'; a station has exactly one Process or ProcessAsync method",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A station has exactly one method named Process or ProcessAsync, so its input and output types are unambiguous. The first one declared is taken as the work method and every other one is reported; rename or remove them.",
        helpLinkUri: HelpLinkBase + "#fct0003");

    /// <summary>FCT0004: a station or line (or a type containing it) is not partial.</summary>
    public static readonly DiagnosticDescriptor NotPartial = new(
        id: DiagnosticIds.NotPartial,
        title: "Station or line is not partial",
        messageFormat: "{0} '{1}' must be partial, and so must every type that contains it; add 'partial' to {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator adds the pipeline to stations and lines in a second part of the class, so the class and every type containing it must be declared partial.",
        helpLinkUri: HelpLinkBase + "#fct0004");

    /// <summary>FCT0005: a station option is out of range.</summary>
    public static readonly DiagnosticDescriptor OptionOutOfRange = new(
        id: DiagnosticIds.OptionOutOfRange,
        title: "Station option is out of range",
        messageFormat: "Station '{0}' has {1} = {2}; {3}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Parallelism, Capacity and MaxAttempts must be at least 1; BackoffMs and TimeoutMs must not be negative; Name and Version must not be empty; every permission in Requires must be a non-empty string.",
        helpLinkUri: HelpLinkBase + "#fct0005");

    /// <summary>FCT0006: a line has no steps.</summary>
    public static readonly DiagnosticDescriptor LineWithoutSteps = new(
        id: DiagnosticIds.LineWithoutSteps,
        title: "Line has no steps",
        messageFormat: "Line '{0}' has no steps; add [Step<T>] attributes in the order the steps run",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A line's input is its first step's input and its output its last step's output, so a line needs at least one [Step<T>].",
        helpLinkUri: HelpLinkBase + "#fct0006");

    /// <summary>FCT0007: a step names a type that is neither a station nor a line.</summary>
    public static readonly DiagnosticDescriptor StepIsNotStationOrLine = new(
        id: DiagnosticIds.StepIsNotStationOrLine,
        title: "Step is neither a station nor a line",
        messageFormat: "Step '{0}' of line '{1}' is neither a station nor a line",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The type argument of [Step<T>] must be a class marked [Station] or [Line].",
        helpLinkUri: HelpLinkBase + "#fct0007");

    /// <summary>FCT0008: the work method's signature is not a supported shape.</summary>
    public static readonly DiagnosticDescriptor UnsupportedWorkMethod = new(
        id: DiagnosticIds.UnsupportedWorkMethod,
        title: "Work method has an unsupported signature",
        messageFormat: "The work method '{0}' of station '{1}' is not a supported shape: {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The work method is public, not static and not generic; its first parameter is the input, optionally followed by a StationContext and/or a CancellationToken; it returns TOut, Task<TOut>, ValueTask<TOut>, IEnumerable<TOut> or IAsyncEnumerable<TOut>.",
        helpLinkUri: HelpLinkBase + "#fct0008");
}
