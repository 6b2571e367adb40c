using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Telemetry;
using TicketTriage.Cli;
using TicketTriage.Reporting;
using TicketTriage.Running;
using Xunit;

namespace TicketTriage.Tests;

/// <summary>
/// The sample's OTLP export, against a real collector on loopback: the runner runs in process with
/// OTEL_EXPORTER_OTLP_ENDPOINT pointing at it (process-wide, so this runs alone).
/// </summary>
[Collection(ProcessWideTelemetry.Name)]
public sealed class OtlpExportTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"tickettriage-otlp-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task With_the_endpoint_set_a_run_sends_its_station_spans_and_metrics_over_otlp_http()
    {
        await using OtlpReceiver receiver = OtlpReceiver.Start();
        var options = new TriageOptions { Count = 200, OutputPath = Path.Combine(folder, "outcomes.jsonl"), Plain = true };

        int exit;
        string printed;
        using (new EnvironmentVariables(
            (OtlpExport.EndpointVariable, receiver.Endpoint),
            (OtlpExport.ProtocolVariable, "http/protobuf"),
            (OtlpExport.ServiceNameVariable, null),
            (OtlpExport.QueueSizeVariable, null)))
        {
            (exit, printed) = await StationMetricsTests.CaptureAsync(() => TriageRunner.RunAsync(options, CancellationToken.None));
        }

        // The runner disposes the providers before it returns: everything has been sent by now.
        Assert.Equal(0, exit);
        string joined = string.Join(' ', printed.Split('\n', StringSplitOptions.TrimEntries));
        Assert.Contains($"over OTLP (http/protobuf) to {receiver.Endpoint}/v1/traces and /v1/metrics as service \"ticket-triage\"", joined, StringComparison.Ordinal);
        Assert.Contains($"flushed the traces and metrics to {receiver.Endpoint}/", joined, StringComparison.Ordinal);
        OtlpRequest[] traces = receiver.Requests.Where(r => r.Path == "/v1/traces").ToArray();
        OtlpRequest[] metrics = receiver.Requests.Where(r => r.Path == "/v1/metrics").ToArray();
        Assert.NotEmpty(traces);
        Assert.NotEmpty(metrics);
        Assert.All(receiver.Requests, r => Assert.Equal("application/x-protobuf", r.ContentType));
        // Normalize runs alone (Redact has two workers); the plain synchronous stations of a branch run as
        // one step, fused, and share a span named after them both.
        Assert.Contains(traces, r => r.Contains(TelemetryNames.StationSpan + " Normalize"));
        Assert.Contains(traces, r => r.Contains(TelemetryNames.StationSpan + " EscalationLine/DraftEscalation > EscalationLine/AssignOnCall"));
        Assert.Contains(traces, r => r.Contains(OtlpExport.DefaultServiceName));
        Assert.Contains(metrics, r => r.Contains(TelemetryNames.StationDuration));
        Assert.Contains(metrics, r => r.Contains(TelemetryNames.MaterialsProcessed));
        Assert.Contains(metrics, r => r.Contains(OtlpExport.DefaultServiceName));
    }

    [Fact]
    public async Task An_endpoint_that_is_not_an_http_address_is_reported_and_the_run_goes_on_without_export()
    {
        var options = new TriageOptions { Count = 50, OutputPath = Path.Combine(folder, "outcomes.jsonl"), Plain = true };

        int exit;
        string printed;
        using (new EnvironmentVariables((OtlpExport.EndpointVariable, "localhost-4317"), (OtlpExport.ProtocolVariable, null)))
        {
            (exit, printed) = await StationMetricsTests.CaptureAsync(() => TriageRunner.RunAsync(options, CancellationToken.None));
        }

        Assert.Equal(0, exit);
        // Spectre wraps at 80 columns when the output is not a terminal.
        string joined = string.Join(' ', printed.Split('\n', StringSplitOptions.TrimEntries));
        Assert.Contains("Not exporting telemetry: OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) address: localhost-4317", joined, StringComparison.Ordinal);
        Assert.DoesNotContain("exporting traces", printed, StringComparison.Ordinal);
        Assert.Contains(StationTable.Title, printed, StringComparison.Ordinal);
    }

    /// <summary>Sets environment variables (null removes one) and puts the old values back when disposed.</summary>
    private sealed class EnvironmentVariables : IDisposable
    {
        private readonly (string Name, string? Value)[] saved;

        public EnvironmentVariables(params (string Name, string? Value)[] variables)
        {
            saved = variables.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name))).ToArray();
            foreach ((string name, string? value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach ((string name, string? value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
