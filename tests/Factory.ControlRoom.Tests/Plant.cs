using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Ledger.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Factory.ControlRoom.Tests;

/// <summary>
/// A ledger holding two tenants' runs (acme, globex): a support run with dead letters (a ticket body
/// of &lt;script&gt;, a sensitive note, a canary secret in the failures), and a refund run waiting at a
/// gate; and the control room on it in an in-memory server with a user per role of acme and an admin of globex.
/// </summary>
public sealed class Plant : IAsyncLifetime
{
    public const string Canary = "CANARY-5f1e9c3a-secret";
    public const string NoteCanary = "NOTE-CANARY-d41c";
    public const string Script = "<script>alert('owned')</script>";
    public const string Password = "correct horse battery staple";
    public const string ApiKey = "fck_test-operator-key-0123456789abcdef";

    private static readonly string PasswordHash = ControlRoomSecrets.HashPassword(Password);

    private readonly string folder = Directory.CreateTempSubdirectory("factory-console-").FullName;
    private readonly bool onLoopback;
    private readonly bool onPostgres;
    private Factory.Testing.TempDatabase? database;

    /// <summary>A plant whose console is in an in-memory server.</summary>
    public Plant()
        : this(onLoopback: false)
    {
    }

    private Plant(bool onLoopback, bool onPostgres = false)
    {
        this.onLoopback = onLoopback;
        this.onPostgres = onPostgres;
    }

    /// <summary>A plant whose ledger is a PostgreSQL database of its own on FACTORY_POSTGRES's server (./test.sh starts one).</summary>
    public static Plant OnPostgres() => new(onLoopback: false, onPostgres: true);

    /// <summary>A plant whose console is a real server on 127.0.0.1, for a browser.</summary>
    public static Plant OnLoopback() => new(onLoopback: true);

    /// <summary>Where a real server listens (with onLoopback), e.g. http://127.0.0.1:41234.</summary>
    public string Address => App.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single();

    public Factory.Ledger.Relational.RelationalLedger Ledger { get; private set; } = null!;

    /// <summary>The SQLite ledger's file, for a second ledger object on it (another process's, as far as the console knows).</summary>
    public string LedgerPath => Path.Combine(folder, "ledger.db");

    /// <summary>The PostgreSQL ledger's database, for a second ledger object on it.</summary>
    public string? ConnectionString => database?.ConnectionString;

    public WebApplication App { get; private set; } = null!;

    public TestServer Server { get; private set; } = null!;

    /// <summary>The people: name, role, tenant.</summary>
    public static IReadOnlyList<(string Name, ControlRoomRole Role, string Tenant)> People { get; } =
    [
        ("vera", ControlRoomRole.Viewer, "acme"),
        ("otto", ControlRoomRole.Operator, "acme"),
        ("anna", ControlRoomRole.Approver, "acme"),
        ("adam", ControlRoomRole.Admin, "acme"),
        ("gail", ControlRoomRole.Admin, "globex"),
    ];

    public async Task InitializeAsync()
    {
        if (onPostgres)
        {
            database = await Factory.Testing.TempDatabase.CreateAsync();
            Ledger = new Factory.Ledger.Postgres.PostgresLedger(database.ConnectionString, new Factory.Ledger.Postgres.PostgresLedgerOptions { Inputs = ConsoleJson.Default });
        }
        else
        {
            Ledger = new SqliteLedger(LedgerPath, new SqliteLedgerOptions { Inputs = ConsoleJson.Default });
        }

        foreach (string tenant in new[] { "acme", "globex" })
        {
            await SeedAsync(tenant);
        }

        App = await StartAsync(Ledger, options =>
        {
            foreach ((string name, ControlRoomRole role, string tenant) in People)
            {
                options.Users.Add(new ControlRoomUser(name, PasswordHash, role, [tenant]) { Permissions = ["refunds:approve"] });
            }

            options.ApiKeys.Add(new ControlRoomApiKey("robot", ControlRoomSecrets.HashApiKey(ApiKey), ControlRoomRole.Operator, ["acme"]));
        }, onLoopback);
        Server = onLoopback ? null! : App.GetTestServer();
    }

    /// <summary>The control room on <paramref name="ledger"/> in an in-memory server, with the test lines known.</summary>
    public static async Task<WebApplication> StartAsync(ILedger ledger, Action<ControlRoomOptions> configure, bool onLoopback = false, Action<IServiceCollection>? services = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        if (onLoopback)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Logging.ClearProviders();
        builder.Services.AddFactoryControlRoom(options =>
        {
            options.Ledger = ledger;
            options.Json = ConsoleJson.Default;
            options.Lines.Add(Support.Descriptor);
            options.Lines.Add(Refunds.Descriptor);
            options.Replays.Add(Support.Descriptor, () => new Support(new Screen(), new Answer()), ConsoleJson.Default.Ticket);

            // The in-memory server's requests all come from one (no) address, and the suite signs in (and
            // fails to, on purpose) far more often than a person would: SignInLimitTests sets real limits.
            options.SignInLimits.AttemptsPerAddress = 100_000;
            options.SignInLimits.FailuresPerName = 100_000;
            configure(options);
        });
        services?.Invoke(builder.Services);
        WebApplication app = builder.Build();
        app.MapFactoryControlRoom("/factory");
        await app.StartAsync();
        return app;
    }

    public Visitor Visit() => new(Server);

    /// <summary>A visitor signed in as <paramref name="name"/>.</summary>
    public async Task<Visitor> SignedInAsync(string name)
    {
        Visitor visitor = Visit();
        await visitor.SignInAsync(name, Password);
        return visitor;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Ledger.DisposeAsync();
        if (database is not null)
        {
            await database.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>What the ledger holds of <paramref name="tenant"/>: a support run (tickets 1-4; 2 and 4 dead letters) and a refund run whose two refunds wait at the gate.</summary>
    private async Task SeedAsync(string tenant)
    {
        var job = new JobOrder(tenant + "-job", tenant) { Secrets = new JobSecrets(new Dictionary<string, string> { ["api"] = Canary }) };
        Ticket[] tickets = Enumerable.Range(1, 4).Select(i => new Ticket(i, i == 2 ? Script : $"{tenant} ticket {i}") { Note = NoteCanary }).ToArray();
        var support = new Support(new Screen(), new Answer());
        await foreach (string _ in support.RunAsync(tickets, new RunOptions { Job = job, RunId = tenant + "-support", Observers = [Ledger.Observe()] }))
        {
        }

        var refunds = new Refunds(new DraftRefund(), new ApproveRefund(), new IssueRefund(), new DeclineRefund());
        var refundJob = new JobOrder(tenant + "-refunds", tenant) { Submitter = "sam" };
        await foreach (string _ in refunds.RunAsync(tickets.Take(2), new RunOptions { Job = refundJob, RunId = tenant + "-refunds", Observers = [Ledger.Observe()] }))
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlantCollection : ICollectionFixture<Plant>
{
    public const string Name = "plant";
}
