using System;
using System.Diagnostics;
using System.Globalization;
using Factory.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Spectre.Console;

namespace TicketTriage.Running;

/// <summary>
/// Exports the run's traces (activity source <c>Factory</c>) and metrics (meter <c>Factory</c>) with the
/// OpenTelemetry SDK's OTLP exporter, when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is
/// set. The exporter reads the other standard variables itself (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>,
/// <c>OTEL_EXPORTER_OTLP_HEADERS</c>, …). Disposing shuts both providers down, which sends what is
/// still queued: the last spans and a final collection of the metrics.
/// </summary>
public sealed class OtlpExport : IDisposable
{
    /// <summary>The variable that turns the export on: the collector's base address.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The variable that chooses the transport: <c>grpc</c> (the default) or <c>http/protobuf</c>.</summary>
    public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>The standard variable that overrides <see cref="DefaultServiceName"/>.</summary>
    public const string ServiceNameVariable = "OTEL_SERVICE_NAME";

    /// <summary>The standard variable for the span batch queue's size; <see cref="SpanQueue"/> when it is not set.</summary>
    public const string QueueSizeVariable = "OTEL_BSP_MAX_QUEUE_SIZE";

    /// <summary>The service name the telemetry is reported under, unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string DefaultServiceName = "ticket-triage";

    /// <summary>
    /// Spans the batch processor may hold before it drops new ones. The SDK's default (2,048) is a few
    /// hundred tickets' worth: a ticket makes about six spans, faster than one exporter sends them.
    /// </summary>
    public const int SpanQueue = 131_072;

    /// <summary>Bucket bounds (seconds) for <c>factory.station.duration</c>: the SDK's defaults suit milliseconds, the stations take microseconds.</summary>
    private static readonly double[] DurationBuckets = [1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly TracerProvider tracing;
    private readonly MeterProvider metrics;
    private readonly IAnsiConsole console;
    private bool disposed;

    private OtlpExport(TracerProvider tracing, MeterProvider metrics, IAnsiConsole console, string endpoint, string description)
    {
        this.tracing = tracing;
        this.metrics = metrics;
        this.console = console;
        Endpoint = endpoint;
        Description = description;
    }

    /// <summary>How long disposing waits for the queued telemetry to be sent.</summary>
    public static TimeSpan FlushTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The collector's address, as configured.</summary>
    public string Endpoint { get; }

    /// <summary>Where the telemetry goes, for the console.</summary>
    public string Description { get; }

    /// <summary>
    /// Starts exporting when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set and says so on
    /// <paramref name="console"/>; null when it is not set, or not an http(s) address (with a warning).
    /// </summary>
    public static OtlpExport? FromEnvironment(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        string? endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
        {
            console.MarkupLine(F($"[yellow]Not exporting telemetry:[/] {EndpointVariable} is not an http(s) address: {Markup.Escape(endpoint)}"));
            return null;
        }

        string? configuredName = Environment.GetEnvironmentVariable(ServiceNameVariable);
        string service = string.IsNullOrWhiteSpace(configuredName) ? DefaultServiceName : configuredName;
        bool queueConfigured = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(QueueSizeVariable));

        TracerProvider tracing = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(Resource)
            .AddSource(TelemetryNames.Source)
            .AddOtlpExporter(options =>
            {
                if (!queueConfigured)
                {
                    options.BatchExportProcessorOptions.MaxQueueSize = SpanQueue;
                }
            })
            .Build();
        MeterProvider metrics = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(Resource)
            .AddMeter(TelemetryNames.Source)
            .AddView(TelemetryNames.StationDuration, new ExplicitBucketHistogramConfiguration { Boundaries = DurationBuckets })
            .AddOtlpExporter()
            .Build();

        var export = new OtlpExport(tracing, metrics, console, uri.AbsoluteUri, Describe(uri, service));
        console.WriteLine(export.Description);
        return export;

        void Resource(ResourceBuilder resource)
        {
            if (string.IsNullOrWhiteSpace(configuredName))
            {
                resource.AddService(DefaultServiceName);
            }
        }
    }

    /// <summary>
    /// Sends what is still queued (spans, and a last collection of the metrics), waiting up to
    /// <see cref="FlushTimeout"/>, says on the console how that went, then shuts the providers down.
    /// (The SDK's span processor reports a flush as done once its queue is empty, even when the
    /// collector refused the spans; the metric reader reports the export's result.)
    /// </summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        long clock = Stopwatch.GetTimestamp();
        int timeout = (int)FlushTimeout.TotalMilliseconds;
        bool traces = tracing.ForceFlush(timeout);
        bool measurements = metrics.ForceFlush(timeout);
        TimeSpan took = Stopwatch.GetElapsedTime(clock);
        string which = (traces, measurements) switch
        {
            (false, false) => "traces and metrics",
            (false, true) => "traces",
            _ => "metrics",
        };
        console.MarkupLine(traces && measurements
            ? F($"flushed the traces and metrics to {Markup.Escape(Endpoint)} in {took.TotalMilliseconds:N0} ms")
            : F($"[yellow]Could not flush the {which} to {Markup.Escape(Endpoint)}:[/] the collector refused them or did not answer within {FlushTimeout.TotalSeconds:N0} s (Jaeger, for one, takes traces but not metrics)."));
        tracing.Dispose();
        metrics.Dispose();
    }

    private static string Describe(Uri endpoint, string service)
    {
        string protocol = Environment.GetEnvironmentVariable(ProtocolVariable)?.Trim() is { Length: > 0 } configured ? configured : "grpc";
        string where = protocol == "http/protobuf"
            ? F($"{endpoint.AbsoluteUri.TrimEnd('/')}/v1/traces and /v1/metrics")
            : endpoint.AbsoluteUri;
        return F($"exporting traces (source {TelemetryNames.Source}) and metrics (meter {TelemetryNames.Source}) over OTLP ({protocol}) to {where} as service \"{service}\"");
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
