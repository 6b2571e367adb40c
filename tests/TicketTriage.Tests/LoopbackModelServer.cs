using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace TicketTriage.Tests;

/// <summary>
/// An OpenAI-compatible chat-completions endpoint on loopback (HttpListener) that gives every request
/// the same canned answer and usage; it keeps every request body. Offline: nothing leaves the machine.
/// </summary>
internal sealed class LoopbackModelServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<string> bodies = new();
    private readonly Task loop;

    public LoopbackModelServer(string answer, int promptTokens, int completionTokens)
    {
        Answer = answer;
        PromptTokens = promptTokens;
        CompletionTokens = completionTokens;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = $"http://127.0.0.1:{port}/v1/";
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public string Endpoint { get; }

    public string Answer { get; }

    public int PromptTokens { get; }

    public int CompletionTokens { get; }

    public IReadOnlyList<string> Bodies => [.. bodies];

    /// <summary>The FACTORY_AI_* environment that points the sample at this server.</summary>
    public Func<string, string?> Environment => name => name switch
    {
        "FACTORY_AI_ENDPOINT" => Endpoint,
        "FACTORY_AI_MODEL" => "canned-model",
        "FACTORY_AI_API_KEY" => "test-key",
        _ => null,
    };

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            string body = await reader.ReadToEndAsync().ConfigureAwait(false);
            bodies.Enqueue(body);
            bool stream = body.Contains("\"stream\":true", StringComparison.Ordinal);
            byte[] bytes = Encoding.UTF8.GetBytes(stream ? Streamed() : Completion());
            context.Response.StatusCode = 200;
            context.Response.ContentType = stream ? "text/event-stream" : "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
        catch (HttpListenerException)
        {
        }
    }

    private string Completion() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["id"] = "chatcmpl-canned",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = "canned-model",
        ["choices"] = new object[]
        {
            new Dictionary<string, object>
            {
                ["index"] = 0,
                ["message"] = new Dictionary<string, object> { ["role"] = "assistant", ["content"] = Answer },
                ["finish_reason"] = "stop",
            },
        },
        ["usage"] = Usage(),
    });

    private string Streamed() =>
        "data: " + JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = "chatcmpl-canned",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = "canned-model",
            ["choices"] = new object[]
            {
                new Dictionary<string, object?> { ["index"] = 0, ["delta"] = new Dictionary<string, object> { ["role"] = "assistant", ["content"] = Answer }, ["finish_reason"] = "stop" },
            },
        }) + "\n\n" +
        "data: " + JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = "chatcmpl-canned",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = "canned-model",
            ["choices"] = Array.Empty<object>(),
            ["usage"] = Usage(),
        }) + "\n\ndata: [DONE]\n\n";

    private Dictionary<string, object> Usage() => new()
    {
        ["prompt_tokens"] = PromptTokens,
        ["completion_tokens"] = CompletionTokens,
        ["total_tokens"] = PromptTokens + CompletionTokens,
    };
}
