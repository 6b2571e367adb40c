using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Ledger.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Factory.ControlRoom.Tests;

/// <summary>Password guessing is refused per client address and per name, audited, while a user elsewhere still signs in.</summary>
public sealed class SignInLimitTests : IAsyncLifetime
{
    private const string AddressHeader = "X-Test-Client-Address";
    private readonly string folder = Directory.CreateTempSubdirectory("factory-console-limits-").FullName;
    private SqliteLedger ledger = null!;
    private WebApplication app = null!;

    public async Task InitializeAsync()
    {
        ledger = new SqliteLedger(Path.Combine(folder, "ledger.db"));
        string hash = ControlRoomSecrets.HashPassword(Plant.Password);
        app = await Plant.StartAsync(
            ledger,
            options =>
            {
                options.Users.Add(new ControlRoomUser("otto", hash, ControlRoomRole.Operator, ["acme"]));
                options.Users.Add(new ControlRoomUser("anna", hash, ControlRoomRole.Approver, ["acme"]));
                options.SignInLimits.AttemptsPerAddress = 10;
                options.SignInLimits.FailuresPerName = 5;
            },
            services: services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await ledger.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Guessing_a_password_is_refused_from_that_address_and_for_that_name_and_a_user_elsewhere_still_signs_in()
    {
        // 12 guesses at otto's password from one address: 5 wrong ones are checked, then the name is locked, then the address.
        var answers = new List<HttpStatusCode>();
        for (int i = 0; i < 12; i++)
        {
            answers.Add(await SignInAsync("203.0.113.9", "otto", "guess-" + i));
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 7)], answers);

        // Even the right password: otto's name is locked from every address, and this address for every name.
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync("198.51.100.20", "otto", Plant.Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync("203.0.113.9", "anna", Plant.Password));

        // Guesses from ever new addresses are stopped by the name's count too.
        foreach (int host in Enumerable.Range(30, 5))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync("203.0.113." + host, "OTTO", "guess"));
        }

        // A legitimate user at another address signs in.
        Assert.Equal(HttpStatusCode.SeeOther, await SignInAsync("198.51.100.7", "anna", Plant.Password));

        IReadOnlyList<AuditEntry> audit = await ledger.ListAuditAsync(new AuditQuery { Action = "control-room.sign-in-refused", Limit = 100 });
        Assert.Equal(5, audit.Count(e => e.Detail!.Contains("a wrong password", StringComparison.Ordinal)));
        Assert.Equal(3, audit.Count(e => e.Detail!.Contains("too many sign-in attempts from 203.0.113.9", StringComparison.Ordinal)));
        Assert.Equal(11, audit.Count(e => e.Detail!.Contains("too many failed sign-ins for this name", StringComparison.Ordinal)));
        Assert.Contains(await ledger.ListAuditAsync(new AuditQuery { Action = "control-room.sign-in" }), e => e.Actor == "anna");
    }

    private async Task<HttpStatusCode> SignInAsync(string address, string name, string password)
    {
        using var visitor = new Visitor(app.GetTestServer());
        using HttpResponseMessage response = await visitor.PostAsync(
            "/factory/signin",
            new() { ["name"] = name, ["password"] = password },
            token: null,
            request => request.Headers.Add(AddressHeader, address));
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Assert.Equal("60", response.Headers.GetValues("Retry-After").Single());
        }

        return response.StatusCode;
    }

    /// <summary>Gives each in-memory request the client address its test header names, as a real connection would have one.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, then) =>
            {
                if (context.Request.Headers[AddressHeader] is [{ } address])
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                }

                return then(context);
            });
            next(app);
        };
    }
}
