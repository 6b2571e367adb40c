using System.CommandLine;

namespace Factory.Cli;

/// <summary>The options every command takes: which ledger, whose records, who is asking, and how to print.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Ledger { get; } = new("--ledger")
    {
        Description = "The ledger: a SQLite file, or a PostgreSQL connection string (Host=...). Default: FACTORY_LEDGER.",
        Recursive = true,
    };

    public Option<string?> Tenant { get; } = new("--tenant")
    {
        Description = "Show and act on this tenant's records only. Default: FACTORY_TENANT.",
        Recursive = true,
    };

    public Option<bool> AllTenants { get; } = new("--all-tenants")
    {
        Description = "Every tenant's records, granted to the operator (--as); instead of --tenant.",
        Recursive = true,
    };

    public Option<string?> As { get; } = new("--as")
    {
        Description = "The operator's name, recorded in the audit. Default: the OS user.",
        Recursive = true,
    };

    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "table (default) or json: a stable schema for scripts (docs/cli.md).",
        DefaultValueFactory = _ => "table",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "The same as --output json.",
        Recursive = true,
    };

    public GlobalOptions()
    {
        Output.AcceptOnlyFromAmong("table", "json");
    }

    public void AddTo(RootCommand root)
    {
        root.Add(Ledger);
        root.Add(Tenant);
        root.Add(AllTenants);
        root.Add(As);
        root.Add(Output);
        root.Add(Json);
    }
}
