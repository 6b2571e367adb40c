using System.Collections.Generic;

namespace Factory;

/// <summary>What a station is: its name, version, types, work shape and options.</summary>
/// <param name="Name">The station's name.</param>
/// <param name="Version">The station's version.</param>
/// <param name="TypeName">The station class's full name.</param>
/// <param name="InputType">The input type's full name.</param>
/// <param name="OutputType">The output type's full name (of one output).</param>
/// <param name="Shape">How the work method returns.</param>
/// <param name="Options">Run-time options.</param>
/// <param name="Requires">Permissions the job order must grant.</param>
public sealed record StationDescriptor(
    string Name,
    string Version,
    string TypeName,
    string InputType,
    string OutputType,
    WorkShape Shape,
    StationOptions Options,
    IReadOnlyList<string> Requires)
{
    /// <summary>The station's place inside nested lines, e.g. <c>Review/Classify</c>; its name when at the top.</summary>
    public string Path { get; init; } = Name;

    /// <summary>For a gate, who decides and until when; null for any other station.</summary>
    public GateDescriptor? Gate { get; init; }

    /// <summary>
    /// What the station does outside the line, as written in <see cref="StationAttribute.Effects"/>
    /// (e.g. <c>refunds:issue</c>); empty for none. A gate must stand before it on every path (FCT0025).
    /// </summary>
    public IReadOnlyList<string> Effects { get; init; } = [];

    /// <summary>
    /// The content hash of the station's own source, as the generator read it (16 hex characters; comments
    /// and whitespace do not count); empty for a descriptor written by hand.
    /// </summary>
    public string CodeHash { get; init; } = string.Empty;

    /// <summary>
    /// The version the ledger records with each attempt: <see cref="Version"/>, then <c>+</c> and
    /// <see cref="CodeHash"/> when there is one (e.g. <c>2+3f9a1c0d5e7b2a44</c>), so a station whose code
    /// changed never reports the version it had before.
    /// </summary>
    public string FullVersion => CodeHash.Length == 0 ? Version : Version + "+" + CodeHash;

    /// <summary>True when one input may give zero or several outputs.</summary>
    public bool Splits => Shape is WorkShape.Enumerable or WorkShape.AsyncEnumerable;
}
