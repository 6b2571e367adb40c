using System;
using System.IO;
using System.Linq;

namespace Factory.Testing;

/// <summary>Where the PostgreSQL server's programs (initdb, pg_ctl) are.</summary>
public static class PostgresBinaries
{
    /// <summary>The environment variable scripts/postgres.sh sets to the bin directory it used.</summary>
    public const string Variable = "FACTORY_POSTGRES_BIN";

    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>FACTORY_POSTGRES_BIN, else the newest /usr/lib/postgresql/N/bin (Debian's layout).</summary>
    public static string Directory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return HasServer(fromEnvironment)
                ? fromEnvironment
                : throw new InvalidOperationException($"{Variable}={fromEnvironment} has no initdb and pg_ctl: point it at a PostgreSQL bin directory or unset it.");
        }
        var newest = System.IO.Directory.Exists(DebianRoot)
            ? System.IO.Directory.GetDirectories(DebianRoot)
                .Select(version => (Major: int.TryParse(Path.GetFileName(version), out var major) ? major : -1, Bin: Path.Combine(version, "bin")))
                .Where(candidate => candidate.Major >= 0 && HasServer(candidate.Bin))
                .OrderByDescending(candidate => candidate.Major)
                .Select(candidate => candidate.Bin)
                .FirstOrDefault()
            : null;
        return newest ?? throw new InvalidOperationException(
            $"No PostgreSQL server found in {DebianRoot}/*/bin: run ./test.sh (it installs Debian's postgresql) or apt-get install postgresql, or set {Variable}.");
    }

    private static bool HasServer(string bin) =>
        File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl"));
}
