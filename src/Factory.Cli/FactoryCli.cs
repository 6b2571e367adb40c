using System;
using System.CommandLine;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Factory.Cli.Commands;
using Factory.Ledger;

namespace Factory.Cli;

/// <summary>
/// The <c>factory</c> command line. The tool's own entry point calls <see cref="RunAsync"/> with the
/// console; an application calls it with a <see cref="CliHost"/> that knows its JSON metadata and its
/// lines, which is what editing gate payloads and replaying dead letters need.
/// </summary>
public static class FactoryCli
{
    /// <summary>Runs one command line; returns its exit code (<see cref="ExitCode"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(host);
        RootCommand root = Build(host);
        ParseResult parse = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = host.Out, Error = host.Error, EnableDefaultExceptionHandler = false };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every command, with the options they share.</summary>
    internal static RootCommand Build(CliHost host)
    {
        var options = new GlobalOptions();
        var root = new RootCommand(
            "factory: runs, materials, provenance, dead letters, gates, reviews, defect rates and the audit of a Factory ledger.\n"
            + "Example: factory runs --ledger factory.db --tenant acme --state failed");
        options.AddTo(root);
        root.Add(RunsCommand.Create(host, options));
        root.Add(RunCommand.Create(host, options));
        root.Add(MaterialsCommand.Create(host, options));
        root.Add(ProvenanceCommand.Create(host, options));
        root.Add(DeadLettersCommand.Create(host, options));
        root.Add(GatesCommand.Create(host, options));
        root.Add(ReviewsCommand.Create(host, options));
        root.Add(QualityCommand.Create(host, options));
        root.Add(AuditCommand.Create(host, options));
        root.Add(GraphCommand.Create(host, options));
        root.Add(ServeCommand.Create(host, options));
        return root;
    }

    /// <summary>A command's action that needs no ledger: runs <paramref name="body"/>, and turns an error into its exit code and a sentence.</summary>
    internal static Func<ParseResult, CancellationToken, Task<int>> Plain(CliHost host, Func<ParseResult, Task<int>> body) =>
        async (parse, _) =>
        {
            try
            {
                return await body(parse).ConfigureAwait(false);
            }
            catch (CliException error)
            {
                await host.Error.WriteLineAsync("factory: " + error.Message).ConfigureAwait(false);
                return error.ExitCode;
            }
        };

    /// <summary>
    /// A command's action: opens the ledger as the operator may see it, runs <paramref name="body"/>, and
    /// turns an error into its exit code and a sentence on the error stream.
    /// </summary>
    internal static Func<ParseResult, CancellationToken, Task<int>> Action(CliHost host, GlobalOptions options, Func<Session, ParseResult, CancellationToken, Task<int>> body) =>
        async (parse, cancellationToken) =>
        {
            try
            {
                await using Session session = Session.Open(parse, options, host);
                return await body(session, parse, cancellationToken).ConfigureAwait(false);
            }
            catch (CliException error)
            {
                await host.Error.WriteLineAsync("factory: " + error.Message).ConfigureAwait(false);
                return error.ExitCode;
            }
            catch (LedgerException error)
            {
                // The ledger refused what was asked (a letter claimed meanwhile, a payload it cannot read back): its own words.
                await host.Error.WriteLineAsync("factory: " + error.Message).ConfigureAwait(false);
                return ExitCode.Refused;
            }
            catch (DbException error)
            {
                // Opened, then lost: the server went away or the file became unreadable.
                await host.Error.WriteLineAsync("factory: the ledger failed: " + error.Message).ConfigureAwait(false);
                return ExitCode.Unreachable;
            }
        };
}
