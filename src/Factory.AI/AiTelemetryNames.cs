namespace Factory.AI;

/// <summary>
/// Span attribute names for model calls that <see cref="Telemetry.TelemetryNames"/> does not have yet
/// (gen_ai semantic conventions, plus Factory's own).
/// </summary>
public static class AiTelemetryNames
{
    /// <summary>gen_ai operation name ("chat").</summary>
    public const string OperationName = "gen_ai.operation.name";

    /// <summary>The model id the endpoint answered with.</summary>
    public const string ResponseModel = "gen_ai.response.model";

    /// <summary>Requested sampling temperature.</summary>
    public const string RequestTemperature = "gen_ai.request.temperature";

    /// <summary>Requested maximum output tokens.</summary>
    public const string RequestMaxTokens = "gen_ai.request.max_tokens";

    /// <summary>Seconds to the first streamed token.</summary>
    public const string TimeToFirstToken = "gen_ai.response.time_to_first_token";

    /// <summary>The logical model name the unit asked for.</summary>
    public const string LogicalModel = "factory.model.logical";

    /// <summary>The call's cost from the model's prices.</summary>
    public const string Cost = "factory.model.cost";

    /// <summary>True on a model call the memory tier answered (no model was called).</summary>
    public const string CacheHit = "factory.model.cache_hit";

    /// <summary>1 for a first ask, 2 for the first re-ask after a rejected output, and so on.</summary>
    public const string Round = "factory.model.round";
}
