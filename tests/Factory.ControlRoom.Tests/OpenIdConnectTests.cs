using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Ledger.Sqlite;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Factory.ControlRoom.Tests;

/// <summary>
/// Signing in through a real OpenID Connect exchange with <see cref="TestIdentityProvider"/> on
/// loopback: the console's own handler sends the browser there with the code flow and PKCE, redeems
/// the code over the network, checks the RS256 id token against the provider's JWKS, and makes the
/// provider's role and tenant claims a session. A forged signature, another audience or no role is refused and audited.
/// </summary>
public sealed class OpenIdConnectTests : IAsyncLifetime
{
    private const string ClientId = "factory-console";
    private readonly string folder = Directory.CreateTempSubdirectory("factory-oidc-").FullName;
    private TestIdentityProvider provider = null!;
    private SqliteLedger ledger = null!;
    private WebApplication app = null!;

    public async Task InitializeAsync()
    {
        provider = await TestIdentityProvider.StartAsync(ClientId);
        ledger = new SqliteLedger(Path.Combine(folder, "ledger.db"));
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddFactoryControlRoom(options =>
        {
            options.Ledger = ledger;
            options.OpenIdConnect = new ControlRoomOpenIdConnect { Authority = provider.Issuer, ClientId = ClientId };
        });

        // The test's provider is plain HTTP on loopback; a real one is HTTPS, which the handler requires by default.
        builder.Services.Configure<OpenIdConnectOptions>(ControlRoomSchemes.OpenIdConnect, o => o.RequireHttpsMetadata = false);
        app = builder.Build();
        app.MapFactoryControlRoom("/factory");
        await app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await provider.DisposeAsync();
        await ledger.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task An_operator_signs_in_through_the_provider_with_the_code_flow_and_pkce_and_gets_the_role_and_tenants_it_claims()
    {
        provider.User["preferred_username"] = "olga";
        provider.User["factory_role"] = "operator";
        provider.User["factory_tenant"] = new[] { "acme", "globex" };
        using var visitor = new Visitor(app.GetTestServer());
        Assert.Contains("href=\"/factory/signin/oidc\"", await visitor.GetTextAsync("/factory/signin"), StringComparison.Ordinal);

        using HttpResponseMessage callback = await SignInThroughProviderAsync(visitor);
        string landing = await callback.Content.ReadAsStringAsync();

        // Not a redirect, which would go on with the provider's cross-site navigation (and without the
        // SameSite=Strict session cookie): a page of the console's that moves on to the runs page itself.
        Assert.True(callback.StatusCode == HttpStatusCode.OK, $"{callback.StatusCode} {callback.Headers.Location}: {landing}");
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"0; url=/factory/\">", landing, StringComparison.Ordinal);
        Assert.Contains("href=\"/factory/\"", landing, StringComparison.Ordinal);
        Assert.Contains(callback.Headers.GetValues("Set-Cookie"), c => c.StartsWith("factory.session=", StringComparison.Ordinal) && c.Contains("samesite=strict", StringComparison.Ordinal));
        Assert.Empty(provider.Refusals);

        using HttpResponseMessage runs = await visitor.GetAsync("/factory/");
        string page = await runs.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
        Assert.Contains("olga", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"acme\">acme</option><option value=\"globex\">globex</option></select>", page, StringComparison.Ordinal);
        using (HttpResponseMessage admin = await visitor.GetAsync("/factory/admin"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        }

        Assert.Contains(await ledger.ListAuditAsync(new AuditQuery { Action = "control-room.sign-in" }), e => e.Actor == "olga" && e.Detail!.Contains("by OpenID Connect", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a forged signature", "Signature validation failed")]
    [InlineData("another audience", "IDX10214")]
    [InlineData("no role", "no role in claim")]
    public async Task A_token_the_console_must_not_trust_signs_nobody_in_and_is_audited(string what, string why)
    {
        provider.User["preferred_username"] = "mallory";
        provider.User["factory_role"] = "admin";
        provider.User["factory_tenant"] = "*";
        switch (what)
        {
            case "a forged signature":
                provider.ForgeSignature = true;
                break;
            case "another audience":
                provider.Audience = "another-application";
                break;
            default:
                provider.User.Remove("factory_role");
                break;
        }

        using var visitor = new Visitor(app.GetTestServer());
        using HttpResponseMessage callback = await SignInThroughProviderAsync(visitor);
        Assert.Equal("/factory/signin?failed=1", callback.Headers.Location!.OriginalString);
        Assert.DoesNotContain(callback.Headers.TryGetValues("Set-Cookie", out IEnumerable<string>? set) ? set : [], c => c.StartsWith("factory.session=", StringComparison.Ordinal) && !c.StartsWith("factory.session=;", StringComparison.Ordinal));
        using (HttpResponseMessage runs = await visitor.GetAsync("/factory/"))
        {
            Assert.NotEqual(HttpStatusCode.OK, runs.StatusCode);
        }

        Assert.Empty(await ledger.ListAuditAsync(new AuditQuery { Action = "control-room.sign-in" }));
        AuditEntry refused = Assert.Single(await ledger.ListAuditAsync(new AuditQuery { Action = "control-room.sign-in-refused" }));
        Assert.Contains(why, refused.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/factory/runs/acme-support", "/factory/runs/acme-support")]
    [InlineData("/factory/", "/factory/")]
    [InlineData(null, "/factory/")]
    [InlineData("https://evil.example/factory/", "/factory/")]
    [InlineData("//evil.example/factory/", "/factory/")]
    [InlineData("/\\evil.example/factory/", "/factory/")]
    [InlineData("/factory/\\evil", "/factory/")]
    [InlineData("/factory/\tx", "/factory/")]
    [InlineData("/elsewhere/", "/factory/")]
    [InlineData("javascript:alert(1)", "/factory/")]
    public void The_page_after_a_sign_in_leads_only_to_a_path_of_the_console(string? returnUri, string expected) =>
        Assert.Equal(expected, ReturnAddress.Local(returnUri, "/factory"));

    [Fact]
    public void On_a_console_at_the_root_a_return_address_to_another_host_is_refused_too()
    {
        Assert.Equal("/", ReturnAddress.Local("//evil.example/", ""));
        Assert.Equal("/", ReturnAddress.Local("/\\evil.example/", ""));
        Assert.Equal("/runs/x", ReturnAddress.Local("/runs/x", ""));
    }

    [Fact]
    public async Task A_link_followed_before_signing_in_with_the_provider_lands_on_its_page()
    {
        provider.User["preferred_username"] = "olga";
        provider.User["factory_role"] = "operator";
        provider.User["factory_tenant"] = "acme";
        using var visitor = new Visitor(app.GetTestServer());
        using (HttpResponseMessage asked = await visitor.GetAsync("/factory/dead-letters"))
        {
            Assert.Equal("/factory/signin?return=%2Ffactory%2Fdead-letters", asked.Headers.Location!.OriginalString);
        }

        string form = await visitor.GetTextAsync("/factory/signin?return=%2Ffactory%2Fdead-letters");
        Assert.Contains("href=\"/factory/signin/oidc?return=%2Ffactory%2Fdead-letters\"", form, StringComparison.Ordinal);

        using HttpResponseMessage callback = await SignInThroughProviderAsync(visitor, "/factory/signin/oidc?return=%2Ffactory%2Fdead-letters");
        string landing = await callback.Content.ReadAsStringAsync();
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"0; url=/factory/dead-letters\">", landing, StringComparison.Ordinal);
    }

    /// <summary>The browser's part: to the provider, which signs the user in at once, and back to the console's callback with the code.</summary>
    private async Task<HttpResponseMessage> SignInThroughProviderAsync(Visitor visitor, string challengePath = "/factory/signin/oidc")
    {
        using HttpResponseMessage challenge = await visitor.GetAsync(challengePath);
        Uri authorize = challenge.Headers.Location!;
        Assert.Equal(provider.Issuer + "/authorize", authorize.GetLeftPart(UriPartial.Path));
        string query = Uri.UnescapeDataString(authorize.Query);
        Assert.Contains("response_type=code", query, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", query, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=http://localhost/factory/signin/oidc/callback", query, StringComparison.Ordinal);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using HttpResponseMessage signedIn = await browser.GetAsync(authorize);
        Uri back = signedIn.Headers.Location!;
        Assert.Equal("http://localhost/factory/signin/oidc/callback", back.GetLeftPart(UriPartial.Path));
        return await visitor.GetAsync(back.PathAndQuery);
    }
}
