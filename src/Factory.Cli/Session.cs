using System;
using System.CommandLine;
using System.Threading.Tasks;
using Factory.Cli.Output;
using Factory.Ledger;

namespace Factory.Cli;

/// <summary>
/// One command's use of the ledger: the ledger opened, the operator's view of it (one tenant, or every
/// tenant granted to the operator), the operator's name for the audit, and the screen to print on.
/// </summary>
internal sealed class Session : IAsyncDisposable
{
    private Session(CliHost host, ILedger ledger, string shown, LedgerScope scope, string actor, Screen screen)
    {
        Host = host;
        Ledger = ledger;
        Shown = shown;
        View = ledger.View(scope);
        Actor = actor;
        Screen = screen;
    }

    public CliHost Host { get; }

    /// <summary>The ledger itself: only for its gate store and replays; every read goes through <see cref="View"/>.</summary>
    public ILedger Ledger { get; }

    /// <summary>How the ledger is named in messages.</summary>
    public string Shown { get; }

    public ILedgerView View { get; }

    public LedgerScope Scope => View.Scope;

    public string Actor { get; }

    public Screen Screen { get; }

    /// <summary>"for tenant 'acme'" or "in any tenant": what a not-found message says was searched.</summary>
    public string Where => Scope.Tenant is { } tenant ? $"of tenant '{tenant}' in {Shown}" : $"in {Shown}";

    public static Session Open(ParseResult parse, GlobalOptions options, CliHost host)
    {
        string actor = parse.GetValue(options.As) ?? host.UserName;
        if (string.IsNullOrWhiteSpace(actor))
        {
            throw CliException.Usage("No operator name: pass --as NAME (it is recorded in the audit).");
        }

        LedgerScope scope = ScopeOf(parse, options, host, actor);
        bool json = parse.GetValue(options.Json) || parse.GetValue(options.Output) == "json";
        (ILedger ledger, string shown) = LedgerAddress.Open(parse.GetValue(options.Ledger) ?? host.Environment("FACTORY_LEDGER"), host.Inputs);
        return new Session(host, ledger, shown, scope, actor, new Screen(host, json));
    }

    public ValueTask DisposeAsync() => Ledger.DisposeAsync();

    private static LedgerScope ScopeOf(ParseResult parse, GlobalOptions options, CliHost host, string actor)
    {
        string? tenant = parse.GetValue(options.Tenant);
        bool all = parse.GetValue(options.AllTenants);
        if (tenant is not null && all)
        {
            throw CliException.Usage($"Both --tenant {tenant} and --all-tenants: give one.");
        }

        if (all)
        {
            // Reading across tenants is a decision: the grant names the operator who made it.
            return LedgerScope.AllTenants(actor);
        }

        tenant ??= host.Environment("FACTORY_TENANT");
        if (string.IsNullOrWhiteSpace(tenant))
        {
            throw CliException.Usage("Whose records? Pass --tenant NAME (or set FACTORY_TENANT), or --all-tenants to see every tenant's (granted to the operator, --as).");
        }

        return LedgerScope.ForTenant(tenant);
    }
}
