using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Tests;

// The contracts run against the PostgreSQL ledger: one line per contract (Sqlite/SqliteSuite.cs has the same list).
public sealed class PostgresRecording(PostgresFixture fixture) : RecordingContract(fixture), IClassFixture<PostgresFixture>;

public sealed class PostgresReplay(PostgresFixture fixture) : ReplayContract(fixture), IClassFixture<PostgresFixture>;

public sealed class PostgresResume(PostgresFixture fixture) : ResumeContract(fixture), IClassFixture<PostgresFixture>;

public sealed class PostgresIsolation(PostgresFixture fixture) : IsolationContract(fixture), IClassFixture<PostgresFixture>;

public sealed class PostgresLease(PostgresFixture fixture) : LeaseContract(fixture), IClassFixture<PostgresFixture>;

public sealed class PostgresCrashLimit(PostgresFixture fixture) : CrashLimitContract(fixture), IClassFixture<PostgresFixture>;

public sealed class PostgresDelivery(PostgresFixture fixture, ITestOutputHelper output) : DeliveryContract(fixture, output), IClassFixture<PostgresFixture>;

public sealed class PostgresCrash(PostgresFixture fixture, ITestOutputHelper output) : CrashContract(fixture, output), IClassFixture<PostgresFixture>;

public sealed class PostgresDeliveryKill(PostgresFixture fixture, ITestOutputHelper output) : DeliveryKillContract(fixture, output), IClassFixture<PostgresFixture>;

public sealed class PostgresLeaseProcess(PostgresFixture fixture, ITestOutputHelper output) : LeaseProcessContract(fixture, output), IClassFixture<PostgresFixture>;

public sealed class PostgresPoisonProcess(PostgresFixture fixture, ITestOutputHelper output) : PoisonProcessContract(fixture, output), IClassFixture<PostgresFixture>;

public sealed class PostgresJoin(PostgresFixture fixture) : JoinContract(fixture), IClassFixture<PostgresFixture>;

public sealed class PostgresManyWriters(PostgresFixture fixture, ITestOutputHelper output) : ManyWritersContract(fixture, output), IClassFixture<PostgresFixture>;

[Collection(nameof(AllocationBudget))]
public sealed class PostgresAllocationBudget(PostgresFixture fixture, ITestOutputHelper output) : AllocationBudgetContract(fixture, output), IClassFixture<PostgresFixture>;

public sealed class PostgresTenant(PostgresFixture fixture) : TenantContract(fixture), IClassFixture<PostgresFixture>;

public sealed class PostgresPurge(PostgresFixture fixture) : PurgeContract(fixture), IClassFixture<PostgresFixture>;

public sealed class PostgresGateStore(PostgresFixture fixture) : GateStoreContract(fixture), IClassFixture<PostgresFixture>;
public sealed class PostgresGateSplit(PostgresFixture fixture) : GateSplitContract(fixture), IClassFixture<PostgresFixture>;

public sealed class PostgresGateProcess(PostgresFixture fixture, ITestOutputHelper output) : GateProcessContract(fixture, output), IClassFixture<PostgresFixture>;

public sealed class PostgresQuality(PostgresFixture fixture) : QualityContract(fixture), IClassFixture<PostgresFixture>;

public sealed class PostgresExperiment(PostgresFixture fixture) : ExperimentContract(fixture), IClassFixture<PostgresFixture>;

public sealed class PostgresJobBudget(PostgresFixture fixture, ITestOutputHelper output) : JobBudgetContract(fixture, output), IClassFixture<PostgresFixture>;
