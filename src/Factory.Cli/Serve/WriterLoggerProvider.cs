using System;
using System.IO;
using Microsoft.Extensions.Logging;

namespace Factory.Cli.Serve;

/// <summary>
/// The served control room's log on the command line's own output, one line per entry, so the
/// one-time sign-in token a closed console writes to its log is printed where the operator looks.
/// </summary>
internal sealed class WriterLoggerProvider(TextWriter output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new WriterLogger(output);

    public void Dispose()
    {
    }

    private sealed class WriterLogger(TextWriter output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            // One writer for many threads: Kestrel logs from its own.
            lock (output)
            {
                output.WriteLine($"{Word(logLevel)}: {formatter(state, exception)}");
                output.Flush();
            }
        }

        private static string Word(LogLevel level) => level switch
        {
            LogLevel.Warning => "warn",
            LogLevel.Error => "error",
            LogLevel.Critical => "critical",
            _ => "info",
        };
    }
}
