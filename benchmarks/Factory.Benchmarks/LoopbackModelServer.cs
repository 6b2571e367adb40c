using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Benchmarks;

/// <summary>
/// An OpenAI-compatible chat-completions server on loopback (HttpListener) that answers every request
/// at once with the same small JSON completion and its usage: the model's own time is ~0, so what is
/// measured is the client side.
/// </summary>
internal sealed class LoopbackModelServer : IDisposable
{
    private static readonly byte[] Completion = Encoding.UTF8.GetBytes(
        """{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench-model","choices":[{"index":0,"message":{"role":"assistant","content":"{\"Category\":\"billing\",\"Urgency\":3}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":120,"completion_tokens":12,"total_tokens":132}}""");

    private readonly HttpListener listener = new();
    private readonly Task loop;

    public LoopbackModelServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = new Uri($"http://127.0.0.1:{port}/v1/");
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public Uri Endpoint { get; }

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
        while (listener.IsListening)
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

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private static async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            // Read the whole request, as a server must, then answer.
            await context.Request.InputStream.CopyToAsync(System.IO.Stream.Null).ConfigureAwait(false);
            HttpListenerResponse response = context.Response;
            response.StatusCode = 200;
            response.ContentType = "application/json";
            response.ContentLength64 = Completion.Length;
            await response.OutputStream.WriteAsync(Completion).ConfigureAwait(false);
            response.Close();
        }
        catch (HttpListenerException)
        {
        }
    }
}
