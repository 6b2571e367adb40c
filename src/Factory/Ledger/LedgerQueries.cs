namespace Factory.Ledger;

/// <summary>Which runs to list, newest first.</summary>
public sealed record RunQuery
{
    /// <summary>Only this tenant's runs.</summary>
    public string? Tenant { get; init; }

    /// <summary>Only runs of this line (name).</summary>
    public string? Line { get; init; }

    /// <summary>Only runs with this status.</summary>
    public RunStatus? Status { get; init; }

    /// <summary>At most this many.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>Skip this many first.</summary>
    public int Offset { get; init; }
}

/// <summary>Which dead letters to list, oldest first.</summary>
public sealed record DeadLetterQuery
{
    /// <summary>Only this run's.</summary>
    public string? RunId { get; init; }

    /// <summary>Only this tenant's.</summary>
    public string? Tenant { get; init; }

    /// <summary>Only those that failed at this station (path).</summary>
    public string? Station { get; init; }

    /// <summary>Only those with this status; <see cref="DeadLetterStatus.Open"/> by default, null for all.</summary>
    public DeadLetterStatus? Status { get; init; } = DeadLetterStatus.Open;

    /// <summary>At most this many.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>Skip this many first.</summary>
    public int Offset { get; init; }
}

/// <summary>Which audit entries to list, oldest first.</summary>
public sealed record AuditQuery
{
    /// <summary>Only this tenant's.</summary>
    public string? Tenant { get; init; }

    /// <summary>Only this action.</summary>
    public string? Action { get; init; }

    /// <summary>Only this target.</summary>
    public string? Target { get; init; }

    /// <summary>Only entries after this id.</summary>
    public long After { get; init; }

    /// <summary>At most this many.</summary>
    public int Limit { get; init; } = 1000;
}

/// <summary>A page of rows.</summary>
public sealed record PageQuery
{
    /// <summary>At most this many.</summary>
    public int Limit { get; init; } = 1000;

    /// <summary>Skip this many first.</summary>
    public int Offset { get; init; }
}
