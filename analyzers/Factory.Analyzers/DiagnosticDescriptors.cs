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
        messageFormat: "Step '{0}' of line '{1}' takes '{2}', but {3} '{4}'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Each step of a line takes exactly the type the step before it gives; after routes, the type every branch gives. A step that takes Gathered<T> takes T. Reorder the steps, add a station that converts between the two types, or change a station's work method.",
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

    /// <summary>FCT0007: a step or a route target names a type that is neither a station nor a line.</summary>
    public static readonly DiagnosticDescriptor StepIsNotStationOrLine = new(
        id: DiagnosticIds.StepIsNotStationOrLine,
        title: "Step or route target is neither a station nor a line",
        messageFormat: "{0} '{1}' of line '{2}' is neither a station nor a line",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The type argument of [Step<T>] must be a class marked [Station] or [Line]; so must the target of [Route<TCase, TTarget>], unless it is Discard.",
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

    /// <summary>FCT0010: the routes after a step do not cover every concrete type it can give.</summary>
    public static readonly DiagnosticDescriptor RoutesNotExhaustive = new(
        id: DiagnosticIds.RoutesNotExhaustive,
        title: "Routes do not cover every case",
        messageFormat: "Step '{0}' of line '{1}' gives '{2}', but its routes do not cover {3}; add a route for each (to Discard to drop it)",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Every concrete class or struct declared in the compilation that is the routed type, or derives from it or implements it, must be taken by a route after the step: a route whose case is that type or one of its bases. Add a route for each type named, to Discard to drop it on purpose. Types from other assemblies cannot be checked; at run time a material no route takes becomes a dead letter.",
        helpLinkUri: HelpLinkBase + "#fct0010");

    /// <summary>FCT0011: a route's target cannot take the route's case.</summary>
    public static readonly DiagnosticDescriptor RouteTargetCannotTakeCase = new(
        id: DiagnosticIds.RouteTargetCannotTakeCase,
        title: "Route target cannot take the route's case",
        messageFormat: "Route target '{0}' of line '{1}' takes '{2}', but the route's case '{3}' is not a '{2}'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A route sends the materials of its case type to its target, so the target's input must be the case type or a type the case derives from or implements.",
        helpLinkUri: HelpLinkBase + "#fct0011");

    /// <summary>FCT0012: a route's case is not the type the step before the routes gives.</summary>
    public static readonly DiagnosticDescriptor RouteCaseNotRoutedType = new(
        id: DiagnosticIds.RouteCaseNotRoutedType,
        title: "Route case is not the routed type",
        messageFormat: "Route case '{0}' of line '{1}' is not a '{2}', which step '{3}' gives; a case must be the routed type or derive from it",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A route takes the materials leaving the step before it whose run-time type is its case, so the case must be that step's output type or derive from it (or implement it); any other case could never match.",
        helpLinkUri: HelpLinkBase + "#fct0012");

    /// <summary>FCT0013: the branches of a step's routes give different types.</summary>
    public static readonly DiagnosticDescriptor BranchOutputsDiffer = new(
        id: DiagnosticIds.BranchOutputsDiffer,
        title: "Route branches give different types",
        messageFormat: "The routes after step '{0}' of line '{1}' give different types: {2}; every branch must give the same type",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The branches of a step's routes merge again: what they give flows to the next step, or out of the line when no step follows. So every route target that is not Discard must give the same type.",
        helpLinkUri: HelpLinkBase + "#fct0013");

    /// <summary>FCT0014: a line contains itself, directly or through other lines.</summary>
    public static readonly DiagnosticDescriptor LineContainsItself = new(
        id: DiagnosticIds.LineContainsItself,
        title: "Line contains itself",
        messageFormat: "Line '{0}' contains itself: {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A line runs its nested lines (steps and route targets) inline, so a line that contains itself, directly or through other lines, could never be built. Break the cycle.",
        helpLinkUri: HelpLinkBase + "#fct0014");

    /// <summary>FCT0015: a route is written before any step.</summary>
    public static readonly DiagnosticDescriptor RouteWithoutStep = new(
        id: DiagnosticIds.RouteWithoutStep,
        title: "Route has no step before it",
        messageFormat: "Route<{0}, {1}> of line '{2}' has no step before it; write each route right after the [Step<T>] whose output it routes",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Routes split the output of the step written right before them, so a [Route<TCase, TTarget>] needs a [Step<T>] before it in the line.",
        helpLinkUri: HelpLinkBase + "#fct0015");

    /// <summary>FCT0016: batch options on a station whose work method does not take and return lists.</summary>
    public static readonly DiagnosticDescriptor BatchOptionsWithoutBatchMethod = new(
        id: DiagnosticIds.BatchOptionsWithoutBatchMethod,
        title: "Batch option on a station that does not batch",
        messageFormat: "Station '{0}' has {1}, but its work method '{2}' does not take and return lists; a batch work method takes IReadOnlyList<TIn> and returns IReadOnlyList<TOut> (or a Task or ValueTask of it)",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "BatchSize and BatchWaitMs make a station call its work method with a batch of materials, so the work method must take IReadOnlyList<TIn> and return IReadOnlyList<TOut>, Task<IReadOnlyList<TOut>> or ValueTask<IReadOnlyList<TOut>>. Remove the options or change the work method.",
        helpLinkUri: HelpLinkBase + "#fct0016");

    /// <summary>FCT0017: a batch work method on a station without BatchSize.</summary>
    public static readonly DiagnosticDescriptor BatchMethodWithoutBatchSize = new(
        id: DiagnosticIds.BatchMethodWithoutBatchSize,
        title: "Batch work method without BatchSize",
        messageFormat: "The work method '{0}' of station '{1}' takes and returns lists, but the station has no BatchSize; add BatchSize to [Station]",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A work method that takes IReadOnlyList<TIn> and returns IReadOnlyList<TOut> (or a Task or ValueTask of it) works on batches, and BatchSize says how many materials a batch holds. To pass a whole list as one material instead, wrap it in a type of your own.",
        helpLinkUri: HelpLinkBase + "#fct0017");

    /// <summary>FCT0018: a step that takes Gathered&lt;T&gt; with no split before it.</summary>
    public static readonly DiagnosticDescriptor GatherWithoutSplit = new(
        id: DiagnosticIds.GatherWithoutSplit,
        title: "Gather without a split before it",
        messageFormat: "Step '{0}' of line '{1}' takes '{2}', but no step before it in the line splits one material into many",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A step that takes Gathered<T> receives together everything one material was split into, so a step before it in the same line must be a one-in-many-out station (returning IEnumerable<T> or IAsyncEnumerable<T>) or a line that contains one.",
        helpLinkUri: HelpLinkBase + "#fct0018");

    /// <summary>FCT0020: a prompt placeholder that is not a member of the input type.</summary>
    public static readonly DiagnosticDescriptor PlaceholderNotAMember = new(
        id: DiagnosticIds.PlaceholderNotAMember,
        title: "Prompt placeholder is not a member of the input",
        messageFormat: "'{0}' in placeholder '{{{{{1}}}}}' of thinking unit '{2}' is not a public property or field of '{3}'{4}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Placeholders are bound to the work method's input at build time: {{Name}} to a public property or field of the input type, {{Name.Sub}} to a member of that member's type. The prompt is rendered by generated code, so a name that is not there would never be filled in.",
        helpLinkUri: HelpLinkBase + "#fct0020");

    /// <summary>FCT0021: a thinking unit's output type has no source-generated JsonTypeInfo.</summary>
    public static readonly DiagnosticDescriptor OutputWithoutJsonTypeInfo = new(
        id: DiagnosticIds.OutputWithoutJsonTypeInfo,
        title: "Thinking unit output has no source-generated JSON metadata",
        messageFormat: "The output type '{0}' of thinking unit '{1}' has no source-generated JsonTypeInfo: list it with [JsonSerializable(typeof({0}))] on a JsonSerializerContext",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A thinking unit derives the JSON schema it asks the model for from the output type's JsonTypeInfo and parses the answer with it, without reflection. Source generators cannot see each other's output, so the project's own JsonSerializerContext must list the type.",
        helpLinkUri: HelpLinkBase + "#fct0021");

    /// <summary>FCT0022: a thinking unit without a prompt, or with an empty one.</summary>
    public static readonly DiagnosticDescriptor MissingPrompt = new(
        id: DiagnosticIds.MissingPrompt,
        title: "Thinking unit has no prompt",
        messageFormat: "Thinking unit '{0}' {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A thinking unit's prompt is a const string marked [Prompt]: the user message, with {{Member}} placeholders filled from the input. It must be a constant so it can be checked and rendered at build time.",
        helpLinkUri: HelpLinkBase + "#fct0022");

    /// <summary>FCT0023: a malformed placeholder.</summary>
    public static readonly DiagnosticDescriptor MalformedPlaceholder = new(
        id: DiagnosticIds.MalformedPlaceholder,
        title: "Malformed prompt placeholder",
        messageFormat: "'{0}' in the prompt of thinking unit '{1}' is not a placeholder: {2} (write {{{{{{{{ for a literal {{{{)",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A placeholder is {{Name}} or {{Name.Sub}}: member names joined by dots, between double braces. To write double braces into the prompt, double them: {{{{ gives {{ and }}}} gives }}.",
        helpLinkUri: HelpLinkBase + "#fct0023");

    /// <summary>FCT0024: a thinking unit's work method is not a partial declaration of a supported shape.</summary>
    public static readonly DiagnosticDescriptor UnsupportedUnitMethod = new(
        id: DiagnosticIds.UnsupportedUnitMethod,
        title: "Thinking unit work method is not a supported partial declaration",
        messageFormat: "The work method of thinking unit '{0}' is not supported: {1}; declare 'public partial ValueTask<TOut> ProcessAsync(TIn input, StationContext context, CancellationToken cancellationToken);'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator writes a thinking unit's work: declare exactly one public partial method named Process or ProcessAsync, without a body, that takes the input (then optionally a StationContext and a CancellationToken) and returns Task<TOut> or ValueTask<TOut>.",
        helpLinkUri: HelpLinkBase + "#fct0024");

    /// <summary>FCT0025: a station with effects is reachable from the line's entry without passing a gate.</summary>
    public static readonly DiagnosticDescriptor UngatedEffect = new(
        id: DiagnosticIds.UngatedEffect,
        title: "Station with effects is reachable without passing a gate",
        messageFormat: "Station '{0}' has effects ({1}), but line '{2}' reaches it without passing a gate: {3}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A station whose Effects name what it does outside the line (issue a refund, send an email) runs only after a person decided: every path from the line's entry to it passes a [Gate<T>]. Put a gate before it on the path named, or route to it only from a gate's Approved<T> case.",
        helpLinkUri: HelpLinkBase + "#fct0025");

    /// <summary>FCT0026: a gate's payload type has no source-generated JsonTypeInfo.</summary>
    public static readonly DiagnosticDescriptor GatePayloadWithoutJsonTypeInfo = new(
        id: DiagnosticIds.GatePayloadWithoutJsonTypeInfo,
        title: "Gate payload has no source-generated JSON metadata",
        messageFormat: "The payload type '{0}' of gate '{1}' has no source-generated JsonTypeInfo: list it with [JsonSerializable(typeof({0}))] on a JsonSerializerContext",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A material waiting at a gate is parked with its payload, and a durable gate store keeps the payload as JSON so that a decision made in another process can send it on; it must be serializable without reflection. Source generators cannot see each other's output, so the project's own JsonSerializerContext must list the type.",
        helpLinkUri: HelpLinkBase + "#fct0026");

    /// <summary>FCT0027: a gate names no approvers.</summary>
    public static readonly DiagnosticDescriptor GateWithoutApprovers = new(
        id: DiagnosticIds.GateWithoutApprovers,
        title: "Gate has no approvers",
        messageFormat: "Gate '{0}' names no approvers: set Approvers to the permissions that may decide, such as Approvers = \"refunds:approve\"",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Approvers is a comma-separated list of permissions; an actor holding any one of them for the item's tenant may decide. A gate nobody may decide would hold its items until the timeout, so it is refused at build time.",
        helpLinkUri: HelpLinkBase + "#fct0027");

    /// <summary>FCT0028: a gate without a timeout.</summary>
    public static readonly DiagnosticDescriptor GateWithoutTimeout = new(
        id: DiagnosticIds.GateWithoutTimeout,
        title: "Gate has no timeout",
        messageFormat: "Gate '{0}' has no TimeoutMinutes: its items wait for ever unless the job has a deadline",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Without TimeoutMinutes an item waits at the gate until someone decides; only a job order's deadline, a run-time value the build cannot see, would end the wait. Set TimeoutMinutes and OnTimeout, or suppress the warning where every job that runs the line has a deadline.",
        helpLinkUri: HelpLinkBase + "#fct0028");

    /// <summary>FCT0029: a material type of a distributed line is not listed by the line's JSON context.</summary>
    public static readonly DiagnosticDescriptor DistributedMaterialNotListed = new(
        id: DiagnosticIds.DistributedMaterialNotListed,
        title: "Distributed line's JSON context does not list a material type",
        messageFormat: "Line '{0}' runs distributed, but its JSON context '{1}' does not list '{2}' ({3}): add [JsonSerializable(typeof({2}))] to {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Between the stations of a distributed line each material crosses the broker as JSON, serialized with the context [Distributed<TContext>] names and never with reflection, so that context must list every station's input and output type with [JsonSerializable], nested lines' stations included. Only directly listed types count.",
        helpLinkUri: HelpLinkBase + "#fct0029");

    public static readonly DiagnosticDescriptor DistributedPartNotSupported = new(
        id: DiagnosticIds.DistributedPartNotSupported,
        title: "Distributed line has a part that does not run distributed yet",
        messageFormat: "Line '{0}' runs distributed, but {1} does not run distributed yet: run the line in process (remove [Distributed]), or keep that part in a line of its own",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Stations, batch stations, routes, splits, gathers, ordered output and gates whose decision is routed run distributed; a gate whose Decision<T> goes on unrouted (to a station or out of the line) does not, since only its cases Approved<T> and Rejected<T> cross the broker, and Start would refuse the line a transport. The check covers nested lines and route targets.",
        helpLinkUri: HelpLinkBase + "#fct0030");

    /// <summary>FCT0031: an <c>[Inspector&lt;TStation&gt;]</c> class does not inspect what the station takes and gives.</summary>
    public static readonly DiagnosticDescriptor InspectorTypesDiffer = new(
        id: DiagnosticIds.InspectorTypesDiffer,
        title: "Inspector does not inspect the station's input and output types",
        messageFormat: "Inspector '{0}' is wired to station '{1}', which takes '{2}' and gives '{3}', but it is not an IInspector<{2}, {3}>: implement IInspector<{2}, {3}>, or wire it to a station of its types",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator hands an inspector to every line that runs its station, which calls it with each input and output of that station; so the class must convert to IInspector<TIn, TOut> of the station's own input and output (for a batch station, one item of each). The interface is contravariant: an inspector of a base type or interface of both inspects the station too.",
        helpLinkUri: HelpLinkBase + "#fct0031");

    /// <summary>FCT0032: <c>[Inspector&lt;T&gt;]</c> where T is not a station.</summary>
    public static readonly DiagnosticDescriptor InspectedIsNotStation = new(
        id: DiagnosticIds.InspectedIsNotStation,
        title: "Inspector is wired to a type that is not a station",
        messageFormat: "Inspector '{0}' is wired to '{1}', which is not a [Station] or a [ThinkingUnit]: name the station whose outputs it inspects",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Only a station's outputs are inspected: a [Station] or a [ThinkingUnit] class. A line is not (name the station inside it), and neither is a gate, whose output is a person's decision, reviewed as it is made.",
        helpLinkUri: HelpLinkBase + "#fct0032");

    /// <summary>FCT0033: the inspected station is on no line of the assembly.</summary>
    public static readonly DiagnosticDescriptor InspectedStationOnNoLine = new(
        id: DiagnosticIds.InspectedStationOnNoLine,
        title: "Inspector's station is on no line of this assembly",
        messageFormat: "Inspector '{0}' is wired to station '{1}', but no line of this assembly runs it: the inspector never runs; add the station to a line, or wire the inspector by path (Sampling.Inspect) where another assembly's line runs it",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The generator wires an inspector into the lines of the assembly it is declared in. A station that only lines of other assemblies run gets no inspector from this attribute, which may be intended (a warning, not an error): there, Sampling.Inspect wires it by path at run time.",
        helpLinkUri: HelpLinkBase + "#fct0033",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>FCT0034: an inspector class no line can name (generic, or private or protected).</summary>
    public static readonly DiagnosticDescriptor InspectorOutOfReach = new(
        id: DiagnosticIds.InspectorOutOfReach,
        title: "Inspector class cannot be wired",
        messageFormat: "Inspector '{0}' cannot be wired to station '{1}': {2}; make it a non-generic class that is public or internal, nested only in public or internal types",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator wires an [Inspector<TStation>] class into the constructors of the lines that run its station and into the DI registration, so generated code must name it: a generic class has no one type to name, and a private or protected class (or one nested in such a type) cannot be named outside its container. Without this error the inspector would silently never run.",
        helpLinkUri: HelpLinkBase + "#fct0034");

    /// <summary>FCT0035: an inspector of a station that a distributed line runs.</summary>
    public static readonly DiagnosticDescriptor InspectorOnDistributedLine = new(
        id: DiagnosticIds.InspectorOnDistributedLine,
        title: "Inspector of a station a distributed line runs",
        messageFormat: "Inspector '{0}' is wired to station '{1}', which distributed line '{2}' runs, and inspectors do not run distributed yet: run that line in process (remove [Distributed]), or inspect the station's outputs where they arrive",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator wires an [Inspector<TStation>] class into every line that runs its station, but a worker on the broker does not run inspectors: Start on a transport would refuse the line, naming the inspector. This error says so at build time, for stations of nested lines and route targets too.",
        helpLinkUri: HelpLinkBase + "#fct0035",
        customTags: WellKnownDiagnosticTags.CompilationEnd);
}
