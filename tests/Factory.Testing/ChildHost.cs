using System;
using System.IO;

namespace Factory.Testing;

/// <summary>
/// Where a test finds what it needs to start a child-process host (a test host project referenced by
/// the test project, so its build output sits beside the test's): the dotnet executable and the host's dll.
/// </summary>
public static class ChildHost
{
    /// <summary>The dotnet executable running the tests (the SDK's, when the test runner names it).</summary>
    public static string Dotnet()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        string? current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    /// <summary>The build output of test project <paramref name="project"/> beside this one: tests/PROJECT/bin/CONFIG/TFM/PROJECT.dll.</summary>
    public static string Assembly(string project)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = here.Name;
        string configuration = here.Parent!.Name;
        DirectoryInfo tests = here.Parent.Parent!.Parent!.Parent!;
        string path = Path.Combine(tests.FullName, project, "bin", configuration, framework, project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first (it is a project reference of this test project).", path);
    }
}
