using System.Collections.Frozen;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Factory.ControlRoom;

/// <summary>The console's stylesheet and script, read from the assembly: nothing comes from another origin.</summary>
internal static class Assets
{
    private static readonly FrozenDictionary<string, (byte[] Bytes, string Type, string ETag)> Files = Load();

    public static async Task ServeAsync(RoomRequest request)
    {
        if (request.Route("name") is not { } name || !Files.TryGetValue(name, out var file))
        {
            await request.NotFoundAsync().ConfigureAwait(false);
            return;
        }

        HttpResponse response = request.Http.Response;
        response.Headers.ETag = file.ETag;
        response.Headers.CacheControl = "no-cache";
        if (request.Http.Request.Headers.IfNoneMatch == file.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = file.Type;
        await response.Body.WriteAsync(file.Bytes, request.Http.RequestAborted).ConfigureAwait(false);
    }

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var files = new Dictionary<string, (byte[], string, string)>();
        foreach ((string name, string type) in new[] { ("console.css", "text/css; charset=utf-8"), ("console.js", "text/javascript; charset=utf-8"), ("favicon.svg", "image/svg+xml") })
        {
            using Stream stream = typeof(Assets).Assembly.GetManifestResourceStream("Factory.ControlRoom.Assets." + name)
                ?? throw new InvalidDataException($"The control room's asset {name} is not embedded in its assembly.");
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            byte[] bytes = memory.ToArray();
            files[name] = (bytes, type, "\"" + System.Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
        }

        return files.ToFrozenDictionary();
    }
}
