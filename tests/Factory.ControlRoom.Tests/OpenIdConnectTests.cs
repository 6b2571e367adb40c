using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Xunit;

namespace Factory.ControlRoom.Tests;

/// <summary>
/// OpenID Connect is wired as the console's own scheme: signing in sends the browser to the provider
/// with the authorization code flow, PKCE and the console's callback under its prefix; the console is
/// not closed. (The provider's metadata is given here, so no provider is needed; a real sign-in through
/// a provider is not tested.)
/// </summary>
public sealed class OpenIdConnectTests
{
    [Fact]
    public async Task Signing_in_sends_the_browser_to_the_provider_with_pkce_and_the_consoles_callback()
    {
        string folder = System.IO.Directory.CreateTempSubdirectory("factory-oidc-").FullName;
        try
        {
            await SignInAsync(folder);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task SignInAsync(string folder)
    {
        await using var ledger = new Factory.Ledger.Sqlite.SqliteLedger(System.IO.Path.Combine(folder, "ledger.db"));
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddFactoryControlRoom(options =>
        {
            options.Ledger = ledger;
            options.OpenIdConnect = new ControlRoomOpenIdConnect { Authority = "https://login.example.com/realms/factory", ClientId = "factory-console" };
        });
        var metadata = new OpenIdConnectConfiguration
        {
            Issuer = "https://login.example.com/realms/factory",
            AuthorizationEndpoint = "https://login.example.com/realms/factory/auth",
        };
        builder.Services.PostConfigure<OpenIdConnectOptions>(ControlRoomSchemes.OpenIdConnect, o =>
        {
            o.Configuration = metadata;
            o.ConfigurationManager = new Microsoft.IdentityModel.Protocols.StaticConfigurationManager<OpenIdConnectConfiguration>(metadata);
        });
        await using WebApplication app = builder.Build();
        app.MapFactoryControlRoom("/factory");
        await app.StartAsync();
        using var visitor = new Visitor(app.GetTestServer());

        string signIn = await visitor.GetTextAsync("/factory/signin");
        Assert.Contains("href=\"/factory/signin/oidc\"", signIn, StringComparison.Ordinal);
        Assert.Contains("name=\"password\"", signIn, StringComparison.Ordinal);

        using HttpResponseMessage challenge = await visitor.GetAsync("/factory/signin/oidc");
        Uri provider = challenge.Headers.Location!;
        Assert.Equal("https://login.example.com/realms/factory/auth", provider.GetLeftPart(UriPartial.Path));
        string query = Uri.UnescapeDataString(provider.Query);
        Assert.Contains("response_type=code", query, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", query, StringComparison.Ordinal);
        Assert.Contains("client_id=factory-console", query, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=http://localhost/factory/signin/oidc/callback", query, StringComparison.Ordinal);
        Assert.Contains(challenge.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal));
    }
}
