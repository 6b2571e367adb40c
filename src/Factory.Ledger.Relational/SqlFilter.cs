using System.Collections.Generic;

namespace Factory.Ledger.Relational;

/// <summary>
/// The WHERE, ORDER BY and paging of a list query: each optional condition adds itself with its
/// parameter, so every list method states only its columns. A condition that is not given is left
/// out rather than bound as NULL: PostgreSQL cannot tell the type of a parameter that is only ever NULL.
/// </summary>
internal sealed class SqlFilter
{
    private readonly List<string> conditions = [];

    public List<(string, object?)> Parameters { get; } = [];

    /// <summary>Adds "<paramref name="column"/> = <paramref name="parameter"/>" when <paramref name="value"/> is given.</summary>
    public SqlFilter Equal(string column, string parameter, object? value)
    {
        if (value is not null)
        {
            conditions.Add($"{column} = {parameter}");
            Parameters.Add((parameter, value));
        }

        return this;
    }

    /// <summary>Adds <paramref name="condition"/> (which names <paramref name="parameter"/>) with its value.</summary>
    public SqlFilter Where(string condition, string parameter, object value)
    {
        conditions.Add(condition);
        Parameters.Add((parameter, value));
        return this;
    }

    /// <summary>
    /// In a tenant's view (<paramref name="tenant"/> given), adds <paramref name="condition"/>, which names
    /// <c>@scope</c>, with the tenant; nothing in a view of every tenant.
    /// </summary>
    public SqlFilter Scope(string condition, string? tenant) => tenant is null ? this : Where(condition, "@scope", tenant);

    /// <summary>The filter text: conditions, then <paramref name="orderBy"/> and the page.</summary>
    public string Build(string orderBy, int limit, int offset)
    {
        Parameters.Add(("@limit", limit));
        Parameters.Add(("@offset", offset));
        return Clause() + "ORDER BY " + orderBy + " LIMIT @limit OFFSET @offset";
    }

    /// <summary>The conditions alone ("WHERE ... " with a trailing space, or nothing), for a query that pages nothing (a GROUP BY).</summary>
    public string Clause() => conditions.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", conditions) + " ";
}
