using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace TicketTriage.Tests;

/// <summary>One request an OTLP exporter sent: its path and its (protobuf) body.</summary>
internal sealed record OtlpRequest(string Path, string? ContentType, byte[] Body)
{
    /// <summary>True when the body holds the UTF-8 bytes of <paramref name="text"/> (protobuf writes strings as they are).</summary>
    public bool Contains(string text) => Body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
}

/// <summary>
/// A minimal OTLP/HTTP collector on 127.0.0.1 and a free port: it takes POST /v1/traces and
/// /v1/metrics, keeps each body, and answers 200 with an empty (valid) protobuf response.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener listener;
    private readonly Task serving;
    private readonly List<OtlpRequest> requests = [];
    private readonly Lock gate = new();

    private OtlpReceiver(HttpListener listener, int port)
    {
        this.listener = listener;
        Port = port;
        serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The base address, as OTEL_EXPORTER_OTLP_ENDPOINT takes it.</summary>
    public string Endpoint => FormattableString.Invariant($"http://127.0.0.1:{Port}");

    /// <summary>The requests received so far, in order.</summary>
    public IReadOnlyList<OtlpRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>Starts a receiver on a free loopback port (a few tries, in case another process takes the port first).</summary>
    public static OtlpReceiver Start()
    {
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add(FormattableString.Invariant($"http://127.0.0.1:{port}/"));
            try
            {
                listener.Start();
                return new OtlpReceiver(listener, port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Close();
        try
        {
            await serving;
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // Closing the listener ends the pending GetContextAsync.
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        HttpListenerResponse response = context.Response;
        string path = request.Url?.AbsolutePath ?? string.Empty;
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        bool known = request.HttpMethod == "POST" && path is "/v1/traces" or "/v1/metrics" or "/v1/logs";
        if (known)
        {
            lock (gate)
            {
                requests.Add(new OtlpRequest(path, request.ContentType, body.ToArray()));
            }
        }

        response.StatusCode = known ? 200 : 404;
        response.ContentType = "application/x-protobuf";
        response.ContentLength64 = 0;
        response.Close();
    }
}
