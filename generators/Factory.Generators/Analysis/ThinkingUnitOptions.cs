namespace Factory.Generators.Analysis;

/// <summary>
/// The options only <c>[ThinkingUnit]</c> has, by name, with their defaults. Its other options are a
/// station's, read by the names and defaults of the linked <see cref="StationAttribute"/>. The attribute
/// itself lives in Factory.AI and needs its model catalog, so it cannot be compiled in here as
/// <see cref="StationAttribute"/> is: these mirror it, and a test holds them to it.
/// </summary>
internal static class ThinkingUnitOptions
{
    public const string Model = nameof(Model);
    public const string Escalate = nameof(Escalate);
    public const string Temperature = nameof(Temperature);
    public const string MaxOutputTokens = nameof(MaxOutputTokens);
    public const string MaxRepairs = nameof(MaxRepairs);
    public const string CacheMinutes = nameof(CacheMinutes);

    /// <summary>The logical model asked when none is written (<c>ModelCatalog.DefaultName</c>).</summary>
    public const string DefaultModel = "default";

    /// <summary>The temperature when none is written: negative, which leaves it to the model.</summary>
    public const double DefaultTemperature = -1;

    public const int DefaultMaxOutputTokens = 1024;

    public const int DefaultMaxRepairs = 2;
}
