namespace Factory.Runtime;

/// <summary>Defaults shared by stations and the runtime's own helpers.</summary>
internal static class StationOptionsDefaults
{
    /// <summary>A belt's bound when nothing else says.</summary>
    public const int Capacity = 256;
}
