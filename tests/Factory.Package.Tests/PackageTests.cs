using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Package.Tests;

/// <summary>
/// The promise of issue 2: one package carries the runtime, the generator, the analyzers and the
/// code fixes, so a project adds one package reference and gets a compiled, checked line.
/// </summary>
public sealed class PackageTests(ITestOutputHelper output)
{
    [Fact]
    public void One_package_reference_gives_the_runtime_the_generator_and_the_analyzers()
    {
        string root = RepositoryRoot();
        string work = Directory.CreateTempSubdirectory("factory-package-").FullName;
        string version = "0.0.0-check." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        string feed = Path.Combine(work, "feed");

        Run(root, "dotnet", $"pack src/Factory/Factory.csproj -c {Configuration} --no-build -o \"{feed}\" -p:PackageVersion={version}");
        string package = Path.Combine(feed, $"Factory.{version}.nupkg");
        using (ZipArchive archive = ZipFile.OpenRead(package))
        {
            string[] entries = archive.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("lib/net10.0/Factory.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/Factory.Generators.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/Factory.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/Factory.CodeFixes.dll", entries);
        }

        string app = Path.Combine(work, "app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <add key="factory-check" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Factory" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), Program);

        string printed = Run(app, "dotnet", "run");
        Assert.Contains("T-1: billing", printed, StringComparison.Ordinal);
        Assert.Contains("T-2: other", printed, StringComparison.Ordinal);

        // The analyzers come with the package: a miswired line does not build.
        File.WriteAllText(Path.Combine(app, "Miswired.cs"), """
            using Factory;

            [Line]
            [Step<Classify>]
            [Step<Clean>]
            public sealed partial class Backwards;
            """);
        string refused = Run(app, "dotnet", "build", expectSuccess: false);
        Assert.Contains("FCT0001", refused, StringComparison.Ordinal);
        Directory.Delete(work, recursive: true);
    }

    private const string Program = """
        using Factory;

        Ticket[] tickets = [new("T-1", "  I want a REFUND  "), new("T-2", "The app crashes")];
        var line = new Triage(new Clean(), new Classify());
        await foreach (Scored scored in line.RunAsync(tickets))
        {
            Console.WriteLine($"{scored.Id}: {scored.Category}");
        }

        public sealed record Ticket(string Id, string Body);
        public sealed record Cleaned(string Id, string Text);
        public sealed record Scored(string Id, string Category, double Confidence);

        [Station]
        public sealed partial class Clean
        {
            public Cleaned Process(Ticket input) => new(input.Id, input.Body.Trim().ToLowerInvariant());
        }

        [Station(Parallelism = 4)]
        public sealed partial class Classify
        {
            public Scored Process(Cleaned input) => new(input.Id, input.Text.Contains("refund") ? "billing" : "other", 0.9);
        }

        [Line]
        [Step<Clean>]
        [Step<Classify>]
        public sealed partial class Triage;
        """;

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private string Run(string directory, string file, string arguments, bool expectSuccess = true)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // The test's own build settings (and MSBuild's node reuse) must not leak into the child builds.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process process = Process.Start(start)!;
        System.Threading.Tasks.Task<string> error = process.StandardError.ReadToEndAsync();
        string printed = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{file} {arguments} did not finish in 5 minutes");
        string all = printed + error.Result;
        output.WriteLine($"$ {file} {arguments} (exit {process.ExitCode})\n{all}");
        if (expectSuccess)
        {
            Assert.True(process.ExitCode == 0, $"{file} {arguments} failed:\n{all}");
        }
        else
        {
            Assert.NotEqual(0, process.ExitCode);
        }

        return all;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Factory.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("Factory.sln was not found above " + AppContext.BaseDirectory);
    }
}
