using System;
using System.Globalization;
using Factory.AI.Providers;
using Microsoft.Extensions.Configuration;

namespace Factory.AI;

/// <summary>
/// One model's configuration section (<c>Factory:Models:{name}</c> or <c>Factory:Embeddings:{name}</c>),
/// read strictly: a value that does not parse is an error naming its full key and what it takes,
/// never a silent default (a mistyped price must not make every call free).
/// </summary>
internal sealed class ModelSection(IConfigurationSection section)
{
    /// <summary>The model id sent to the endpoint: <c>Model</c>, or the section's name.</summary>
    public string Id { get; } = section["Model"] is { Length: > 0 } id ? id : section.Key;

    /// <summary>The endpoint, key and model of an OpenAI-compatible server.</summary>
    public OpenAICompatibleOptions Endpoint() => new()
    {
        Endpoint = section["Endpoint"] is { Length: > 0 } endpoint ? Uri("Endpoint", endpoint) : null,
        ApiKey = section["ApiKey"],
        Model = Id,
    };

    /// <summary>Prices, limits and resilience, the keys chat and embedding models share.</summary>
    public ModelSettings Settings() => ModelSettings.Default with
    {
        ModelId = Id,
        Price = new ModelPrice(Decimal("InputPricePerMillion"), Decimal("OutputPricePerMillion")),
        MaxConcurrency = Int("MaxConcurrency") ?? ModelSettings.Default.MaxConcurrency,
        MaxRetries = Int("MaxRetries") ?? ModelSettings.Default.MaxRetries,
        RequestTimeout = Int("TimeoutSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : ModelSettings.Default.RequestTimeout,
    };

    /// <summary>The cassette (<c>Cassette</c>, <c>CassetteMode</c>: Record by default), or null.</summary>
    public (string Path, CassetteMode Mode)? Cassette() =>
        section["Cassette"] is { Length: > 0 } path ? (path, CassetteModeOf(section["CassetteMode"], Key("CassetteMode"))) : null;

    /// <summary><c>true</c> or <c>false</c>; absent is false.</summary>
    public bool Bool(string key) => section[key] switch
    {
        null or "" => false,
        string text when bool.TryParse(text, out bool value) => value,
        string text => throw Bad(key, text, "true or false"),
    };

    /// <summary>A whole number, or null when absent.</summary>
    public int? Int(string key) => section[key] switch
    {
        null or "" => null,
        string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 0 => value,
        string text => throw Bad(key, text, "a whole number, 0 or more"),
    };

    /// <summary>Reads a cassette mode, Record when absent.</summary>
    public static CassetteMode CassetteModeOf(string? text, string key) => text switch
    {
        null or "" => CassetteMode.Record,
        _ when Enum.TryParse(text, ignoreCase: true, out CassetteMode mode) && Enum.IsDefined(mode) => mode,
        _ => throw new InvalidOperationException($"{key} is '{text}': use Replay or Record."),
    };

    // No thousands separator: "2,5" (a decimal comma) must be an error, not 25.
    private decimal Decimal(string key) => section[key] switch
    {
        null or "" => 0m,
        string text when decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value) && value >= 0 => value,
        string text => throw Bad(key, text, "a price such as 2.5 (a dot for decimals), 0 or more"),
    };

    private Uri Uri(string key, string text) =>
        System.Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && (uri.Scheme == System.Uri.UriSchemeHttp || uri.Scheme == System.Uri.UriSchemeHttps)
            ? uri
            : throw Bad(key, text, "an absolute URL such as http://localhost:11434/v1");

    private string Key(string key) => section.Path + ":" + key;

    private InvalidOperationException Bad(string key, string text, string takes) =>
        new($"{Key(key)} is '{(key == "ApiKey" ? "***" : text)}': it takes {takes}.");
}
