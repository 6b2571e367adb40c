using System;
using System.Data.Common;
using System.IO;
using System.Net.Sockets;
using Npgsql;

namespace Factory.Ledger.Postgres;

/// <summary>
/// The server, database and role a connection string names, for messages (never its password), and
/// the errors of opening a ledger told in those terms: what is wrong and what to do about it.
/// </summary>
internal sealed class PostgresTarget
{
    private PostgresTarget(NpgsqlConnectionStringBuilder settings)
    {
        Settings = settings;
        Host = settings.Host!;
        Port = settings.Port;
        Role = string.IsNullOrEmpty(settings.Username) ? Environment.UserName : settings.Username;

        // Npgsql's default database is the role's name.
        Database = string.IsNullOrEmpty(settings.Database) ? Role : settings.Database;
    }

    public NpgsqlConnectionStringBuilder Settings { get; }

    public string Host { get; }

    public int Port { get; }

    public string Database { get; }

    public string Role { get; }

    /// <summary><c>host:port</c>.</summary>
    public string Server => $"{Host}:{Port}";

    /// <summary><c>host:port/database</c>.</summary>
    public string Name => $"{Server}/{Database}";

    /// <summary>Reads <paramref name="connectionString"/>; a keyword Npgsql does not know, or a value it cannot use, is named.</summary>
    public static PostgresTarget Parse(string connectionString)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw BadKeyword(connectionString, exception);
        }

        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            throw new LedgerException("The PostgreSQL connection string names no server: add Host=the server's name or address (and Port= if it is not 5432).");
        }

        return new PostgresTarget(settings);
    }

    /// <summary>What went wrong opening the ledger, in words that say what to fix; null when it is none of the known troubles.</summary>
    public LedgerException? Explain(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
            new LedgerException(
                $"The PostgreSQL database '{Database}' does not exist on {Server}. Create it (createdb -h {Host} -p {Port} -U {Role} {Database}), "
                + "or name an existing one with the connection string's Database=.",
                exception),
        PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } =>
            new LedgerException(
                $"Role '{Role}' may not connect to the PostgreSQL database '{Database}' on {Server} ({((PostgresException)exception).MessageText}). "
                + $"Grant it: GRANT CONNECT ON DATABASE \"{Database}\" TO \"{Role}\";",
                exception),
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } =>
            new LedgerException(
                $"PostgreSQL at {Server} refused role '{Role}' ({((PostgresException)exception).MessageText}): check the connection string's Username and Password, and the server's pg_hba.conf.",
                exception),
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException } =>
            new LedgerException(
                $"Cannot reach the PostgreSQL server at {Server} ({exception.InnerException!.Message}): is it running and listening there, and does the connection string name the right Host and Port?",
                exception),
        _ => null,
    };

    private static LedgerException BadKeyword(string connectionString, Exception cause)
    {
        var generic = new DbConnectionStringBuilder();
        try
        {
            generic.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return new LedgerException(
                "The PostgreSQL connection string is not a list of Keyword=value pairs separated by ';' "
                + "(for example Host=db.example.com;Port=5432;Database=factory;Username=factory): fix its syntax.");
        }

        var probe = new NpgsqlConnectionStringBuilder();
        foreach (string keyword in generic.Keys)
        {
            try
            {
                probe[keyword] = generic[keyword];
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                // The value is not repeated: it may be a password.
                string written = AsWritten(connectionString, keyword);
                return probe.ContainsKey(keyword)
                    ? new LedgerException($"The PostgreSQL connection string's {written} has a value Npgsql cannot use: fix it.", exception)
                    : new LedgerException(
                        $"The PostgreSQL connection string has the keyword '{written}', which Npgsql does not know: fix or remove it "
                        + "(the usual ones are Host, Port, Database, Username and Password).",
                        exception);
            }
        }

        return new LedgerException($"Npgsql cannot read the PostgreSQL connection string: {cause.Message}", cause);
    }

    /// <summary><paramref name="keyword"/> as the connection string spells it (the parser lower-cases keywords).</summary>
    private static string AsWritten(string connectionString, string keyword)
    {
        int at = connectionString.IndexOf(keyword, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? keyword : connectionString.Substring(at, keyword.Length);
    }
}
