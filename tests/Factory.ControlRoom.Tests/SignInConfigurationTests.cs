using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Factory.ControlRoom.Tests;

/// <summary>Users and keys from configuration, kept hashed; a removed user's session ends at once.</summary>
public sealed class SignInConfigurationTests
{
    [Fact]
    public void Users_and_keys_are_read_from_configuration_and_a_bad_role_is_refused_naming_its_place()
    {
        string hash = ControlRoomSecrets.HashPassword("s3cret!");
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Factory:ControlRoom:Users:0:Name"] = "otto",
            ["Factory:ControlRoom:Users:0:PasswordHash"] = hash,
            ["Factory:ControlRoom:Users:0:Role"] = "operator",
            ["Factory:ControlRoom:Users:0:Tenants"] = "acme, globex",
            ["Factory:ControlRoom:Users:0:Permissions:0"] = "refunds:approve",
            ["Factory:ControlRoom:ApiKeys:0:Name"] = "nightly",
            ["Factory:ControlRoom:ApiKeys:0:KeyHash"] = ControlRoomSecrets.HashApiKey("k"),
            ["Factory:ControlRoom:ApiKeys:0:Role"] = "Viewer",
            ["Factory:ControlRoom:ApiKeys:0:Tenants:0"] = "*",
        }).Build();
        var services = new ServiceCollection();
        services.AddFactoryControlRoom(configuration.GetSection("Factory:ControlRoom"));
        ControlRoomOptions options = services.BuildServiceProvider().GetRequiredService<ControlRoomOptions>();
        ControlRoomUser otto = Assert.Single(options.Users);
        Assert.Equal(ControlRoomRole.Operator, otto.Role);
        Assert.Equal(["acme", "globex"], otto.Tenants);
        Assert.Equal(["refunds:approve"], otto.Permissions);
        Assert.True(ControlRoomSecrets.VerifyPassword("s3cret!", otto.PasswordHash));
        Assert.False(ControlRoomSecrets.VerifyPassword("s3cret?", otto.PasswordHash));
        Assert.DoesNotContain("s3cret", otto.PasswordHash, StringComparison.Ordinal);
        ControlRoomApiKey key = Assert.Single(options.ApiKeys);
        Assert.Equal((ControlRoomRole.Viewer, "*"), (key.Role, key.Tenants.Single()));
        Assert.False(options.IsClosed);

        IConfiguration bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["C:Users:0:Name"] = "root",
            ["C:Users:0:PasswordHash"] = hash,
            ["C:Users:0:Role"] = "superuser",
        }).Build();
        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddFactoryControlRoom(bad.GetSection("C")));
        Assert.Equal("'C:Users:0:Role' is 'superuser'; it must be viewer, operator, approver or admin.", refused.Message);
        FormatException plain = Assert.Throws<FormatException>(() => ControlRoomSecrets.VerifyPassword("x", "x"));
        Assert.Contains("ControlRoomSecrets.HashPassword", plain.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_removed_from_the_configuration_is_signed_out_at_the_next_request()
    {
        var plant = new Plant();
        await plant.InitializeAsync();
        try
        {
            using Visitor vera = await plant.SignedInAsync("vera");
            using (HttpResponseMessage inside = await vera.GetAsync("/factory/"))
            {
                Assert.Equal(200, (int)inside.StatusCode);
            }

            ControlRoomOptions options = plant.App.Services.GetRequiredService<ControlRoomOptions>();
            options.Users.Remove(options.Users.Single(u => u.Name == "vera"));
            using HttpResponseMessage after = await vera.GetAsync("/factory/");
            Assert.Equal(303, (int)after.StatusCode);
            Assert.Equal("/factory/signin", after.Headers.Location!.OriginalString);
        }
        finally
        {
            await plant.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_link_followed_before_signing_in_lands_on_its_page_after_the_sign_in_and_never_on_another_site()
    {
        var plant = new Plant();
        await plant.InitializeAsync();
        try
        {
            using var visitor = new Visitor(plant.Server);
            using (HttpResponseMessage asked = await visitor.GetAsync("/factory/runs/acme-1?tab=stations"))
            {
                Assert.Equal(303, (int)asked.StatusCode);
                Assert.Equal("/factory/signin?return=%2Ffactory%2Fruns%2Facme-1%3Ftab%3Dstations", asked.Headers.Location!.OriginalString);
            }

            string form = await visitor.GetTextAsync("/factory/signin?return=%2Ffactory%2Fruns%2Facme-1%3Ftab%3Dstations");
            Assert.Contains("name=\"return\" type=\"hidden\" value=\"/factory/runs/acme-1?tab=stations\"", form, StringComparison.Ordinal);

            var fields = new Dictionary<string, string> { ["name"] = "vera", ["password"] = Plant.Password, ["return"] = "/factory/runs/acme-1?tab=stations" };
            using (HttpResponseMessage signedIn = await visitor.PostAsync("/factory/signin", fields, token: null))
            {
                Assert.Equal(303, (int)signedIn.StatusCode);
                Assert.Equal("/factory/runs/acme-1?tab=stations", signedIn.Headers.Location!.OriginalString);
            }

            using var forger = new Visitor(plant.Server);
            fields["return"] = "//evil.example/factory/";
            using HttpResponseMessage forged = await forger.PostAsync("/factory/signin", fields, token: null);
            Assert.Equal(303, (int)forged.StatusCode);
            Assert.Equal("/factory/", forged.Headers.Location!.OriginalString);
        }
        finally
        {
            await plant.DisposeAsync();
        }
    }
}
