using System;

namespace Factory;

/// <summary>A run refused before any material moved: the job order lacks a permission a station requires.</summary>
public sealed class PermissionDeniedException : Exception
{
    /// <summary>Creates the exception for <paramref name="station"/> requiring <paramref name="permission"/>.</summary>
    public PermissionDeniedException(string job, string station, string permission)
        : base($"Job '{job}' may not run station '{station}': it requires permission '{permission}', which the job order does not grant. Add it to JobOrder.Permissions.")
    {
        Station = station;
        Permission = permission;
    }

    /// <summary>Creates the exception.</summary>
    public PermissionDeniedException()
        : this("(unknown)", "(unknown)", "(unknown)")
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public PermissionDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Station = "(unknown)";
        Permission = "(unknown)";
    }

    /// <summary>The station that requires the permission.</summary>
    public string Station { get; }

    /// <summary>The permission missing from the job order.</summary>
    public string Permission { get; }
}
