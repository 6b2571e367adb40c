using System;
using System.Data.Common;

namespace Factory.Ledger.Relational;

/// <summary>
/// One step of a ledger's schema: version <see cref="Version"/> is what the database holds once this
/// and every step before it were applied. A store lists its steps in order
/// (<see cref="LedgerStore.Migrations"/>) and never changes one that has shipped: a change is a new step.
/// </summary>
internal sealed class Migration
{
    private readonly Action<DbConnection, DbTransaction> apply;

    /// <summary>A step that runs <paramref name="apply"/> in the upgrade's transaction.</summary>
    public Migration(int version, string description, Action<DbConnection, DbTransaction> apply)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentNullException.ThrowIfNull(apply);
        Version = version;
        Description = description;
        this.apply = apply;
    }

    /// <summary>The schema version this step brings the database to.</summary>
    public int Version { get; }

    /// <summary>What it changes, for the audit and for an upgrade's failure.</summary>
    public string Description { get; }

    /// <summary>A step that executes <paramref name="sql"/> (one or more statements).</summary>
    public static Migration Of(int version, string description, string sql) =>
        new(version, description, (connection, transaction) => Sql.Execute(connection, transaction, sql));

    /// <summary>Applies the step inside the upgrade's transaction.</summary>
    public void Apply(DbConnection connection, DbTransaction transaction) => apply(connection, transaction);

    /// <inheritdoc />
    public override string ToString() => $"{Version} ({Description})";
}
