using System;
using System.Diagnostics;
using System.IO;

namespace Factory.Ledger.Sqlite.Tests;

/// <summary>Starts the test host (tests/Factory.Ledger.Sqlite.TestHost) as a child process the kill tests can kill.</summary>
internal static class HostProcess
{
    /// <summary>Starts <c>dotnet TestHost.dll</c> with <paramref name="arguments"/>, its output redirected.</summary>
    public static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostAssembly());
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the test host");
    }

    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        string? current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    /// <summary>The host's build output next to this one: tests/Factory.Ledger.Sqlite.TestHost/bin/CONFIG/TFM.</summary>
    private static string HostAssembly()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = here.Name;
        string configuration = here.Parent!.Name;
        DirectoryInfo tests = here.Parent.Parent!.Parent!.Parent!;
        string path = Path.Combine(tests.FullName, "Factory.Ledger.Sqlite.TestHost", "bin", configuration, framework, "Factory.Ledger.Sqlite.TestHost.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the test host first (it is a project reference of this test project).", path);
    }
}
