using System;
using Spectre.Console;

namespace TicketTriage.Reporting;

/// <summary>
/// The console the sample writes to. When output is redirected (a pipe, a file, a CI log) it writes
/// plain text: no colours, no escape codes, nothing interactive.
/// </summary>
public static class TriageConsole
{
    /// <summary>A console for the current process's standard output.</summary>
    public static IAnsiConsole Create()
    {
        bool redirected = Console.IsOutputRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
    }
}
