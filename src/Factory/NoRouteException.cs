using System;

namespace Factory;

/// <summary>
/// Why a material became a dead letter at a route: its run-time type matched no route (a subtype
/// from another assembly, say). Never a silent drop.
/// </summary>
public sealed class NoRouteException : Exception
{
    /// <summary>Creates the exception for a value of <paramref name="typeName"/>.</summary>
    public NoRouteException(string typeName)
        : base($"no route for type {typeName}")
    {
        TypeName = typeName;
    }

    /// <summary>Creates the exception with a message.</summary>
    public NoRouteException()
        : this("(unknown)")
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public NoRouteException(string message, Exception innerException)
        : base(message, innerException)
    {
        TypeName = "(unknown)";
    }

    /// <summary>The run-time type that no route takes.</summary>
    public string TypeName { get; }
}
