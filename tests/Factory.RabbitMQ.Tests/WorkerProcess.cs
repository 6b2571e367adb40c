using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Factory.Testing;

namespace Factory.RabbitMQ.Tests;

/// <summary>
/// A worker in a child process (tests/Factory.RabbitMQ.TestHost) hosting every station of Checkout and
/// recording into a SQLite ledger file: what the fault tests kill. Stopped cleanly by closing its input.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly System.Text.StringBuilder errors = new();

    private WorkerProcess(Process process, string name)
    {
        this.process = process;
        Name = name;
        process.ErrorDataReceived += (_, line) =>
        {
            lock (errors)
            {
                errors.AppendLine(line.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>What the worker logged (warnings and errors) so far.</summary>
    public string Errors
    {
        get
        {
            lock (errors)
            {
                return errors.ToString().Trim();
            }
        }
    }

    public string Name { get; }

    public int Pid => process.Id;

    /// <summary>True once the process ended (a crash, a kill).</summary>
    public bool HasExited => process.HasExited;

    /// <summary>How the process ended, once it has: its exit code and the last lines it logged.</summary>
    public string Exit
    {
        get
        {
            string[] logged = Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return $"{Name} exited {process.ExitCode}; last logged: {string.Join(" | ", logged[Math.Max(0, logged.Length - 3)..])}";
        }
    }

    /// <summary>Starts the worker and waits until it consumes from every station's queue.</summary>
    /// <param name="environment">More of the worker's environment (FACTORY_TEST_STATIONS, FACTORY_TEST_SPANS: see the host's Program).</param>
    public static async Task<WorkerProcess> StartAsync(string ledgerPath, string name, string? line = null, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(ChildHost.Dotnet())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ChildHost.Assembly("Factory.RabbitMQ.TestHost"));
        start.ArgumentList.Add("worker");
        start.ArgumentList.Add(ledgerPath);
        start.ArgumentList.Add(name);
        if (line is not null)
        {
            start.ArgumentList.Add(line);
        }

        foreach ((string variable, string value) in environment)
        {
            start.Environment[variable] = value;
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start the worker host");
        string? said = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (said != "ready")
        {
            string errors = await process.StandardError.ReadToEndAsync();
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"worker {name} did not start: {said} {errors}");
        }

        return new WorkerProcess(process, name);
    }

    /// <summary><c>kill -9</c>: the worker dies with its deliveries unacknowledged.</summary>
    public void Kill()
    {
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>Stops the worker cleanly; what it printed at the end ("done N recognised M").</summary>
    public async Task<string> StopAsync()
    {
        if (process.HasExited)
        {
            return "killed";
        }

        process.StandardInput.Close();
        string output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return Errors.Length == 0 ? output.Trim() : output.Trim() + "\n" + Errors;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }
}
