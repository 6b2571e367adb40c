using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Tests;

// The contracts run against the SQLite ledger: one line per contract (Postgres/PostgresSuite.cs has the same list).
public sealed class SqliteRecording(SqliteFixture fixture) : RecordingContract(fixture), IClassFixture<SqliteFixture>;

public sealed class SqliteReplay(SqliteFixture fixture) : ReplayContract(fixture), IClassFixture<SqliteFixture>;

public sealed class SqliteResume(SqliteFixture fixture) : ResumeContract(fixture), IClassFixture<SqliteFixture>;

public sealed class SqliteIsolation(SqliteFixture fixture) : IsolationContract(fixture), IClassFixture<SqliteFixture>;

public sealed class SqliteLease(SqliteFixture fixture) : LeaseContract(fixture), IClassFixture<SqliteFixture>;

public sealed class SqliteCrashLimit(SqliteFixture fixture) : CrashLimitContract(fixture), IClassFixture<SqliteFixture>;

public sealed class SqliteDelivery(SqliteFixture fixture, ITestOutputHelper output) : DeliveryContract(fixture, output), IClassFixture<SqliteFixture>;

public sealed class SqliteCrash(SqliteFixture fixture, ITestOutputHelper output) : CrashContract(fixture, output), IClassFixture<SqliteFixture>;

public sealed class SqliteDeliveryKill(SqliteFixture fixture, ITestOutputHelper output) : DeliveryKillContract(fixture, output), IClassFixture<SqliteFixture>;

public sealed class SqliteLeaseProcess(SqliteFixture fixture, ITestOutputHelper output) : LeaseProcessContract(fixture, output), IClassFixture<SqliteFixture>;

public sealed class SqlitePoisonProcess(SqliteFixture fixture, ITestOutputHelper output) : PoisonProcessContract(fixture, output), IClassFixture<SqliteFixture>;

public sealed class SqliteJoin(SqliteFixture fixture) : JoinContract(fixture), IClassFixture<SqliteFixture>;

public sealed class SqliteManyWriters(SqliteFixture fixture, ITestOutputHelper output) : ManyWritersContract(fixture, output), IClassFixture<SqliteFixture>;

[Collection(nameof(AllocationBudget))]
public sealed class SqliteAllocationBudget(SqliteFixture fixture, ITestOutputHelper output) : AllocationBudgetContract(fixture, output), IClassFixture<SqliteFixture>;

public sealed class SqliteTenant(SqliteFixture fixture) : TenantContract(fixture), IClassFixture<SqliteFixture>;

public sealed class SqlitePurge(SqliteFixture fixture) : PurgeContract(fixture), IClassFixture<SqliteFixture>;

public sealed class SqliteGateStore(SqliteFixture fixture) : GateStoreContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqliteGateSplit(SqliteFixture fixture) : GateSplitContract(fixture), IClassFixture<SqliteFixture>;

public sealed class SqliteGateProcess(SqliteFixture fixture, ITestOutputHelper output) : GateProcessContract(fixture, output), IClassFixture<SqliteFixture>;

public sealed class SqliteQuality(SqliteFixture fixture) : QualityContract(fixture), IClassFixture<SqliteFixture>;

public sealed class SqliteExperiment(SqliteFixture fixture) : ExperimentContract(fixture), IClassFixture<SqliteFixture>;

public sealed class SqliteJobBudget(SqliteFixture fixture, ITestOutputHelper output) : JobBudgetContract(fixture, output), IClassFixture<SqliteFixture>;
