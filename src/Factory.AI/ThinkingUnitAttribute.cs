using System;

namespace Factory;

/// <summary>
/// Marks a <c>partial</c> class as a thinking unit: a station whose work is one prompt to a model,
/// with typed, inspected output. Declare the work method as a partial method the generator
/// implements, e.g. <c>public partial ValueTask&lt;PainPoints&gt; ProcessAsync(Ticket input, StationContext context, CancellationToken cancellationToken);</c>,
/// a <see cref="PromptAttribute"/> constant (the user message, with <c>{{Member}}</c> placeholders
/// bound to the input at build time) and optionally an <see cref="InstructionsAttribute"/> constant
/// (the system message). A thinking unit is a station: it goes into lines like any other.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class ThinkingUnitAttribute : Attribute
{
    /// <summary>The unit's name in descriptors, reports, dead letters and model-call events. Default: the class name.</summary>
    public string? Name { get; set; }

    /// <summary>The unit's version, which is also its prompt version: change it when the prompt changes. Default "1".</summary>
    public string Version { get; set; } = "1";

    /// <summary>How many workers run the unit at once. Default 1.</summary>
    public int Parallelism { get; set; } = 1;

    /// <summary>Bound of the unit's input buffer; a full buffer blocks the writer. Default 256.</summary>
    public int Capacity { get; set; } = 256;

    /// <summary>Keep input order in the output when <see cref="Parallelism"/> is above 1. Default true.</summary>
    public bool Ordered { get; set; } = true;

    /// <summary>Attempts per material before it becomes a dead letter. Default 1 (model calls retry on their own).</summary>
    public int MaxAttempts { get; set; } = 1;

    /// <summary>Delay before the first retry of a material in milliseconds, doubled each time, with jitter. Default 100.</summary>
    public int BackoffMs { get; set; } = 100;

    /// <summary>Time allowed per attempt in milliseconds; 0 means none. Default 0.</summary>
    public int TimeoutMs { get; set; }

    /// <summary>Permissions the job order must grant for a line containing this unit to run.</summary>
    public string[] Requires { get; set; } = [];

    /// <summary>The logical model name, looked up in the <see cref="AI.ModelCatalog"/>. Default "default".</summary>
    public string Model { get; set; } = AI.ModelCatalog.DefaultName;

    /// <summary>
    /// A second logical model name: when the output of <see cref="Model"/> cannot get past inspection
    /// within <see cref="MaxRepairs"/> re-asks, the unit asks this model the same way. Default: none.
    /// </summary>
    public string? Escalate { get; set; }

    /// <summary>Sampling temperature; a negative value (the default) leaves it to the model.</summary>
    public double Temperature { get; set; } = -1;

    /// <summary>The most tokens one answer may have; also what each call reserves from the job's budget. Default 1024.</summary>
    public int MaxOutputTokens { get; set; } = 1024;

    /// <summary>How many times a rejected output is asked again, with the problems fed back, per model. Default 2.</summary>
    public int MaxRepairs { get; set; } = 2;

    /// <summary>
    /// Minutes an accepted answer is remembered (the memory tier: the catalog's <c>HybridCache</c>): an
    /// identical call (unit, version, model, rendered prompt, options, tenant) is answered from it with 0
    /// tokens and 0 cost. 0 (the default) leaves it to the model's <see cref="AI.ModelSettings.CacheMinutes"/>.
    /// </summary>
    public int CacheMinutes { get; set; }
}

/// <summary>
/// Marks the <c>const string</c> that is a thinking unit's prompt (the user message). <c>{{Name}}</c> and
/// <c>{{Name.Sub}}</c> are replaced by members of the input; <c>{{{{</c> writes <c>{{</c> and <c>}}}}</c> writes <c>}}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class PromptAttribute : Attribute
{
}

/// <summary>Marks the <c>const string</c> that is a thinking unit's instructions (the system message). Optional.</summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class InstructionsAttribute : Attribute
{
}
