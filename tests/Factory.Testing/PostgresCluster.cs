using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Npgsql;

namespace Factory.Testing;

/// <summary>
/// A PostgreSQL cluster of one test's own, for the tests that stop and restart the database under a run:
/// initdb in a temp directory, a superuser role factory with a password, 127.0.0.1 and a port that stays the
/// same across restarts. Dispose stops it and deletes the directory.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string bin;
    private readonly string data;

    private PostgresCluster(string bin, string directory, int port, string password)
    {
        this.bin = bin;
        Directory = directory;
        data = Path.Combine(directory, "data");
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "factory",
            Password = password,
            Database = "postgres",
        }.ConnectionString;
    }

    /// <summary>The temp directory holding the cluster's data and log.</summary>
    public string Directory { get; }

    /// <summary>The port on 127.0.0.1, the same after a restart.</summary>
    public int Port { get; }

    /// <summary>Connects as the superuser factory to the postgres database.</summary>
    public string ConnectionString { get; }

    /// <summary>Makes the cluster (initdb); it is not running until <see cref="StartAsync"/>.</summary>
    public static PostgresCluster Create()
    {
        var bin = PostgresBinaries.Directory();
        var directory = System.IO.Directory.CreateTempSubdirectory("factory-cluster.").FullName;
        try
        {
            var cluster = new PostgresCluster(bin, directory, FreePort.Pick(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
            // Off the caller's thread: a test's synchronization context must not wait on itself.
            Task.Run(cluster.InitializeAsync).GetAwaiter().GetResult();
            return cluster;
        }
        catch
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var (exitCode, output) = await Tool.TryRunPostgresAsync(
            Program("pg_ctl"), ["start", "-D", data, "-l", LogPath, "-w", "-t", "60"], Timeout).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new IOException($"The test cluster in {Directory} did not start on port {Port}: {output.Trim()}\n{LogTail()}");
        }
    }

    /// <summary>Stops the server: fast (the default) ends the open connections at once, as an operator's restart does;
    /// otherwise it waits for them to close (smart).</summary>
    public async Task StopAsync(bool fast = true)
    {
        await Tool.RunPostgresAsync(Program("pg_ctl"), ["stop", "-D", data, "-m", fast ? "fast" : "smart", "-w", "-t", "60"], Timeout)
            .ConfigureAwait(false);
        // The pool's connections point at a server that is gone.
        await using var connection = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    /// <summary>Stops the server if it runs and deletes the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (await IsRunningAsync().ConfigureAwait(false))
        {
            await StopAsync(fast: true).ConfigureAwait(false);
        }
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private string LogPath => Path.Combine(Directory, "server.log");

    private string Program(string name) => Path.Combine(bin, name);

    private async Task InitializeAsync()
    {
        var passwordFile = Path.Combine(Directory, "password");
        await File.WriteAllTextAsync(passwordFile, new NpgsqlConnectionStringBuilder(ConnectionString).Password + "\n").ConfigureAwait(false);
        if (Tool.IsRoot)
        {
            // initdb runs as the postgres user: it must own the directory and read the password.
            await Tool.RunAsync("chown", ["-R", Tool.PostgresUser + ":", Directory], Timeout).ConfigureAwait(false);
        }
        await Tool.RunPostgresAsync(
            Program("initdb"),
            ["-D", data, "-U", "factory", "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-instructions"],
            Timeout).ConfigureAwait(false);
        File.Delete(passwordFile);
        // Password logins over TCP from 127.0.0.1 and over the socket in our directory; nothing else.
        await File.WriteAllTextAsync(Path.Combine(data, "pg_hba.conf"),
            "local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\n").ConfigureAwait(false);
        await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"),
            $"listen_addresses = '127.0.0.1'\nport = {Port}\nunix_socket_directories = '{Directory}'\n").ConfigureAwait(false);
    }

    // pg_ctl status exits 0 when a server runs on the data directory, 3 when none does.
    private async Task<bool> IsRunningAsync() =>
        System.IO.Directory.Exists(data)
        && (await Tool.TryRunPostgresAsync(Program("pg_ctl"), ["status", "-D", data], Timeout).ConfigureAwait(false)).ExitCode == 0;

    private string LogTail()
    {
        try
        {
            var lines = File.ReadAllLines(LogPath);
            return string.Join('\n', lines[Math.Max(0, lines.Length - 20)..]);
        }
        catch (IOException)
        {
            return "(no server log)";
        }
        catch (UnauthorizedAccessException)
        {
            return "(server log unreadable)";
        }
    }
}
