using System;
using Factory.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Factory.ControlRoom;

/// <summary>What every request of the console uses: its options, the ledger, the live runs, the tokens, the audit.</summary>
internal sealed class Room : IDisposable
{
    private readonly IServiceProvider services;
    private ILedger? ledger;

    public Room(ControlRoomOptions options, ControlRoomLiveRuns liveRuns, FormToken formToken, ILoggerFactory loggers, IServiceProvider services)
    {
        Options = options;
        LiveRuns = liveRuns;
        FormToken = formToken;
        Logger = loggers.CreateLogger("Factory.ControlRoom");
        this.services = services;
        Audit = new RoomAudit(this);
        SignIns = new SignInThrottle(options.SignInLimits);
    }

    public ControlRoomOptions Options { get; }

    public ControlRoomLiveRuns LiveRuns { get; }

    public FormToken FormToken { get; }

    public AccessToken AccessToken { get; } = new();

    public ILogger Logger { get; }

    public RoomAudit Audit { get; }

    /// <summary>The sign-in limits per client address and per name.</summary>
    public SignInThrottle SignIns { get; }

    /// <summary>Where the console is mapped, e.g. <c>/factory</c> (set once by <c>MapFactoryControlRoom</c>).</summary>
    public string Prefix { get; set; } = "";

    public void Dispose() => SignIns.Dispose();

    /// <summary>The ledger: the options', else the one in the services.</summary>
    public ILedger Ledger => ledger ??= Options.Ledger ?? services.GetService<ILedger>()
        ?? throw new InvalidOperationException("The Factory control room has no ledger: set ControlRoomOptions.Ledger in AddFactoryControlRoom, or register an ILedger in the services.");
}
