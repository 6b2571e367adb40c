using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.AI.Tests;

/// <summary>How the fake server reports a reply's usage.</summary>
public enum UsageReport
{
    /// <summary>The reply's <see cref="Reply.PromptTokens"/> and <see cref="Reply.CompletionTokens"/> (below any reservation, as most tests script it).</summary>
    Scripted,

    /// <summary>
    /// The most the request could use: its input as a byte-level tokenizer counts it (<see cref="FakeModelServer.CountInput"/>:
    /// messages, the response_format schema, tools) and all of its max_completion_tokens.
    /// </summary>
    Maximum,

    /// <summary><see cref="Maximum"/> plus <see cref="Reply.Overage"/> input tokens: a server that counts differently.</summary>
    AboveMaximum,
}

/// <summary>One scripted answer of the fake server.</summary>
public sealed record Reply
{
    public int Status { get; init; } = 200;

    /// <summary>The assistant's text (for 200) or the error message.</summary>
    public string Text { get; init; } = string.Empty;

    public int PromptTokens { get; init; } = 10;

    public int CompletionTokens { get; init; } = 5;

    public string Model { get; init; } = "fake-model";

    public TimeSpan Delay { get; init; }

    public string? RetryAfter { get; init; }

    /// <summary>How the usage is reported.</summary>
    public UsageReport Usage { get; init; } = UsageReport.Scripted;

    /// <summary>For a stream: the connection is cut after its first update (a server that went away mid-answer).</summary>
    public bool CutAfterFirstUpdate { get; init; }

    /// <summary>Tokens reported beyond the maximum with <see cref="UsageReport.AboveMaximum"/>.</summary>
    public int Overage { get; init; } = 50;

    public static Reply Ok(string text, int promptTokens = 10, int completionTokens = 5) => new() { Text = text, PromptTokens = promptTokens, CompletionTokens = completionTokens };

    public static Reply Error(int status, string? retryAfter = null) => new() { Status = status, Text = "scripted failure " + status, RetryAfter = retryAfter };
}

/// <summary>
/// An OpenAI-compatible chat-completions server on loopback (HttpListener), scripted per test: a
/// queue of replies, then a fallback. Records every request body. Speaks JSON and SSE streaming.
/// </summary>
public sealed class FakeModelServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<Reply> script = new();
    private readonly ConcurrentQueue<JsonDocument> requests = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private int count;
    private int inFlight;
    private int maxInFlight;

    public FakeModelServer(Func<JsonDocument, Reply>? fallback = null)
    {
        Fallback = fallback ?? (_ => Reply.Error(500));
        int port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/v1/");
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public Uri Endpoint { get; }

    public Func<JsonDocument, Reply> Fallback { get; set; }

    public int Requests => Volatile.Read(ref count);

    /// <summary>The most requests the server was answering at once.</summary>
    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    public IReadOnlyList<JsonDocument> Bodies => [.. requests];

    /// <summary>UTF-8 bytes the server counts as one input token (1: a byte-level tokenizer, the worst case).</summary>
    public double BytesPerToken { get; init; } = 1;

    /// <summary>
    /// The input tokens of <paramref name="request"/> as this server counts them: 3 for the request, and
    /// for each part (each message's content; response_format's schema name, description and schema;
    /// each tool's name, description and parameters) 4 plus a token per <paramref name="bytesPerToken"/> UTF-8 bytes.
    /// </summary>
    public static int CountInput(JsonElement request, double bytesPerToken = 1)
    {
        int tokens = 3;
        foreach (JsonElement message in Items(request, "messages"))
        {
            tokens += Part(bytesPerToken, Text(message, "content"));
        }

        if (request.TryGetProperty("response_format", out JsonElement format) && format.TryGetProperty("json_schema", out JsonElement schema))
        {
            tokens += Part(bytesPerToken, Text(schema, "name"), Text(schema, "description"), Raw(schema, "schema"));
        }

        foreach (JsonElement tool in Items(request, "tools"))
        {
            JsonElement function = tool.TryGetProperty("function", out JsonElement f) ? f : tool;
            tokens += Part(bytesPerToken, Text(function, "name"), Text(function, "description"), Raw(function, "parameters"));
        }

        return tokens;
    }

    /// <summary>The request's max_completion_tokens (or max_tokens); 0 when it sets none.</summary>
    public static int MaxTokens(JsonElement request) =>
        request.TryGetProperty("max_completion_tokens", out JsonElement max) || request.TryGetProperty("max_tokens", out max) ? max.GetInt32() : 0;

    public FakeModelServer Then(params Reply[] replies)
    {
        foreach (Reply reply in replies)
        {
            script.Enqueue(reply);
        }

        return this;
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        stop.Dispose();
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
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
            JsonDocument request = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
            requests.Enqueue(request);
            Interlocked.Increment(ref count);
            int now = Interlocked.Increment(ref inFlight);
            for (int seen = Volatile.Read(ref maxInFlight); now > seen; seen = Volatile.Read(ref maxInFlight))
            {
                Interlocked.CompareExchange(ref maxInFlight, now, seen);
            }

            Reply reply = Counted(script.TryDequeue(out Reply? next) ? next : Fallback(request), request.RootElement);
            if (reply.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(reply.Delay, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            bool stream = request.RootElement.TryGetProperty("stream", out JsonElement s) && s.ValueKind == JsonValueKind.True;
            HttpListenerResponse response = context.Response;
            response.StatusCode = reply.Status;
            if (reply.RetryAfter is not null)
            {
                response.Headers["Retry-After"] = reply.RetryAfter;
            }

            byte[] bytes;
            if (reply.Status != 200)
            {
                response.ContentType = "application/json";
                bytes = Encoding.UTF8.GetBytes(Error(reply));
            }
            else if (request.RootElement.TryGetProperty("input", out JsonElement input))
            {
                response.ContentType = "application/json";
                bytes = Encoding.UTF8.GetBytes(Embeddings(reply, input, request.RootElement));
            }
            else if (stream)
            {
                response.ContentType = "text/event-stream";
                bytes = Encoding.UTF8.GetBytes(Stream(reply));
            }
            else
            {
                response.ContentType = "application/json";
                bytes = Encoding.UTF8.GetBytes(Completion(reply));
            }

            if (stream && reply.CutAfterFirstUpdate)
            {
                await CutAsync(response, bytes).ConfigureAwait(false);
                return;
            }

            response.ContentLength64 = bytes.Length;
            Interlocked.Decrement(ref inFlight);
            await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            response.Close();
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
        }
        catch (HttpListenerException)
        {
            // The client went away (a timed-out request).
        }
    }

    /// <summary>Sends the stream's first event, then drops the connection before the length it announced.</summary>
    private async Task CutAsync(HttpListenerResponse response, byte[] stream)
    {
        int first = Encoding.UTF8.GetString(stream).IndexOf("\n\n", StringComparison.Ordinal) + 2;
        response.ContentLength64 = stream.Length;
        Interlocked.Decrement(ref inFlight);
        await response.OutputStream.WriteAsync(stream.AsMemory(0, first)).ConfigureAwait(false);
        await response.OutputStream.FlushAsync().ConfigureAwait(false);
        await Task.Delay(100).ConfigureAwait(false);
        response.Abort();
    }

    private static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : [];

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;

    private static string? Raw(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value.GetRawText() : null;

    private static int Part(double bytesPerToken, params string?[] texts)
    {
        int bytes = 0;
        foreach (string? text in texts)
        {
            bytes += Encoding.UTF8.GetByteCount(text ?? string.Empty);
        }

        return 4 + (int)Math.Ceiling(bytes / bytesPerToken);
    }

    /// <summary><paramref name="reply"/> with the usage its <see cref="Reply.Usage"/> asks for.</summary>
    private Reply Counted(Reply reply, JsonElement request) => reply.Usage switch
    {
        UsageReport.Maximum => reply with { PromptTokens = CountInput(request, BytesPerToken), CompletionTokens = MaxTokens(request) },
        UsageReport.AboveMaximum => reply with { PromptTokens = CountInput(request, BytesPerToken) + reply.Overage, CompletionTokens = MaxTokens(request) },
        _ => reply,
    };

    private static string Completion(Reply reply) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = reply.Model,
        ["choices"] = new object[]
        {
            new Dictionary<string, object>
            {
                ["index"] = 0,
                ["message"] = new Dictionary<string, object> { ["role"] = "assistant", ["content"] = reply.Text },
                ["finish_reason"] = "stop",
            },
        },
        ["usage"] = Usage(reply),
    });

    private static Dictionary<string, object> Usage(Reply reply) => new()
    {
        ["prompt_tokens"] = reply.PromptTokens,
        ["completion_tokens"] = reply.CompletionTokens,
        ["total_tokens"] = reply.PromptTokens + reply.CompletionTokens,
    };

    private static string Stream(Reply reply)
    {
        var text = new StringBuilder();
        int half = reply.Text.Length / 2;
        foreach (string piece in new[] { reply.Text[..half], reply.Text[half..] })
        {
            text.Append("data: ").Append(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["id"] = "chatcmpl-test",
                ["object"] = "chat.completion.chunk",
                ["created"] = 1_700_000_000,
                ["model"] = reply.Model,
                ["choices"] = new object[]
                {
                    new Dictionary<string, object?> { ["index"] = 0, ["delta"] = new Dictionary<string, object> { ["role"] = "assistant", ["content"] = piece }, ["finish_reason"] = null },
                },
            })).Append("\n\n");
        }

        text.Append("data: ").Append(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = "chatcmpl-test",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = reply.Model,
            ["choices"] = Array.Empty<object>(),
            ["usage"] = Usage(reply),
        })).Append("\n\n");
        text.Append("data: [DONE]\n\n");
        return text.ToString();
    }

    /// <summary>
    /// An embeddings answer: per input, in order, the vector [UTF-8 bytes of the input, its index, 1]
    /// (base64 float32 when the request asks for it, as the OpenAI SDK does); usage is the scripted prompt tokens.
    /// </summary>
    private static string Embeddings(Reply reply, JsonElement input, JsonElement request)
    {
        string[] inputs = input.ValueKind == JsonValueKind.Array ? [.. input.EnumerateArray().Select(i => i.GetString() ?? string.Empty)] : [input.GetString() ?? string.Empty];
        bool base64 = request.TryGetProperty("encoding_format", out JsonElement format) && format.GetString() == "base64";
        var data = new List<object>();
        for (int i = 0; i < inputs.Length; i++)
        {
            float[] vector = [Encoding.UTF8.GetByteCount(inputs[i]), i, 1f];
            object embedding = base64 ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan())) : vector;
            data.Add(new Dictionary<string, object> { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = reply.Model,
            ["usage"] = new Dictionary<string, object> { ["prompt_tokens"] = reply.PromptTokens, ["total_tokens"] = reply.PromptTokens },
        });
    }

    private static string Error(Reply reply) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["error"] = new Dictionary<string, object> { ["message"] = reply.Text, ["type"] = "test", ["code"] = reply.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    });
}
