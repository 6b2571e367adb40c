using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Factory.ControlRoom.Tests;

/// <summary>
/// A small OpenID Connect provider on loopback for one client: discovery, its RS256 key as JWKS, an
/// authorization endpoint that signs in <see cref="User"/> at once (no login page) and answers with a
/// code, and a token endpoint that checks the code's client, redirect and PKCE verifier before it
/// issues an id token. <see cref="Signing"/> and <see cref="Audience"/> let a test make it lie.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    private readonly RSA key = RSA.Create(2048);
    private readonly RSA impostor = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> codes = new(StringComparer.Ordinal);
    private WebApplication app = null!;

    private TestIdentityProvider(string clientId) => ClientId = clientId;

    public string ClientId { get; }

    /// <summary>Where it listens, e.g. http://127.0.0.1:40123 (or http://localhost:40123): the issuer and the authority.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>The claims of whoever signs in next (besides iss, sub, aud, nonce and times).</summary>
    public Dictionary<string, object> User { get; } = [];

    /// <summary>True: id tokens are signed with a key the JWKS does not hold (a forged signature).</summary>
    public bool ForgeSignature { get; set; }

    /// <summary>
    /// True: the authorization endpoint answers with a page whose link (the user's click, as on a real
    /// provider's sign-in form) sends the browser back, so that navigation starts on the provider's site;
    /// false: it redirects back at once, and the navigation stays the one the console's page started.
    /// </summary>
    public bool AsksTheUser { get; set; }

    /// <summary>The audience id tokens name; the client's by default.</summary>
    public string? Audience { get; set; }

    /// <summary>Token requests refused (a wrong verifier, client or redirect), with why.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    /// <summary>
    /// Starts the provider on 127.0.0.1, named <paramref name="host"/> in its issuer: "localhost" makes it
    /// another site than a console on 127.0.0.1 for a browser (ports alone do not make another site).
    /// </summary>
    public static async Task<TestIdentityProvider> StartAsync(string clientId, string host = "127.0.0.1")
    {
        var provider = new TestIdentityProvider(clientId);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        provider.app = builder.Build();
        provider.Map(provider.app);
        await provider.app.StartAsync();
        provider.Issuer = new UriBuilder(provider.app.Urls.Single()) { Host = host }.Uri.GetLeftPart(UriPartial.Authority);
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        key.Dispose();
        impostor.Dispose();
    }

    private void Map(WebApplication web)
    {
        web.MapGet("/.well-known/openid-configuration", () => Json(writer =>
        {
            writer.WriteString("issuer", Issuer);
            writer.WriteString("authorization_endpoint", Issuer + "/authorize");
            writer.WriteString("token_endpoint", Issuer + "/token");
            writer.WriteString("jwks_uri", Issuer + "/jwks");
            Strings(writer, "response_types_supported", "code");
            Strings(writer, "subject_types_supported", "public");
            Strings(writer, "id_token_signing_alg_values_supported", "RS256");
            Strings(writer, "code_challenge_methods_supported", "S256");
        }));
        web.MapGet("/jwks", () => Json(writer =>
        {
            RSAParameters parameters = key.ExportParameters(includePrivateParameters: false);
            writer.WriteStartArray("keys");
            writer.WriteStartObject();
            writer.WriteString("kty", "RSA");
            writer.WriteString("use", "sig");
            writer.WriteString("alg", "RS256");
            writer.WriteString("kid", "test-key");
            writer.WriteString("n", Base64UrlEncoder.Encode(parameters.Modulus));
            writer.WriteString("e", Base64UrlEncoder.Encode(parameters.Exponent));
            writer.WriteEndObject();
            writer.WriteEndArray();
        }));
        web.MapGet("/authorize", (HttpContext http) =>
        {
            IQueryCollection query = http.Request.Query;
            if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256")
            {
                return Results.BadRequest("unknown client, or not the code flow with PKCE");
            }

            string code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            codes[code] = new Grant(query["redirect_uri"]!, query["code_challenge"]!, query["nonce"]!);
            string separator = query["redirect_uri"].ToString().Contains('?', StringComparison.Ordinal) ? "&" : "?";
            string back = $"{query["redirect_uri"]}{separator}code={code}&state={Uri.EscapeDataString(query["state"]!)}";
            return AsksTheUser
                ? Results.Content($"<!doctype html><title>Sign in</title><link rel=\"icon\" href=\"data:,\"><a id=\"continue\" href=\"{WebUtility.HtmlEncode(back)}\">Continue</a>", "text/html")
                : Results.Redirect(back);
        });
        web.MapPost("/token", async (HttpContext http) =>
        {
            IFormCollection form = await http.Request.ReadFormAsync();
            if (form["grant_type"] != "authorization_code" || !codes.TryRemove(form["code"].ToString(), out Grant? grant))
            {
                return Refuse("an unknown or used code");
            }

            if (form["client_id"] != ClientId || form["redirect_uri"] != grant.RedirectUri)
            {
                return Refuse("another client or redirect");
            }

            string challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
            if (challenge != grant.Challenge)
            {
                return Refuse("a code verifier that does not match the challenge");
            }

            string accessToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            string idToken = IdToken(grant.Nonce, accessToken);
            return Json(writer =>
            {
                writer.WriteString("access_token", accessToken);
                writer.WriteString("token_type", "Bearer");
                writer.WriteNumber("expires_in", 300);
                writer.WriteString("id_token", idToken);
            });
        });
    }

    private string IdToken(string nonce, string accessToken)
    {
        byte[] hash = SHA256.HashData(Encoding.ASCII.GetBytes(accessToken));
        var claims = new Dictionary<string, object>(User)
        {
            ["sub"] = User.TryGetValue("preferred_username", out object? name) ? "user-" + name : "user",
            ["nonce"] = nonce,
            ["at_hash"] = Base64UrlEncoder.Encode(hash[..(hash.Length / 2)]),
        };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience ?? ClientId,
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow.AddSeconds(-5),
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(ForgeSignature ? impostor : key) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private IResult Refuse(string why)
    {
        Refusals.Enqueue(why);
        return Json(
            writer =>
            {
                writer.WriteString("error", "invalid_grant");
                writer.WriteString("error_description", why);
            },
            StatusCodes.Status400BadRequest);
    }

    private static IResult Json(Action<Utf8JsonWriter> write, int status = StatusCodes.Status200OK)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Results.Content(Encoding.UTF8.GetString(buffer.ToArray()), "application/json", Encoding.UTF8, status);
    }

    private static void Strings(Utf8JsonWriter writer, string name, params string[] values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private sealed record Grant(string RedirectUri, string Challenge, string Nonce);
}
