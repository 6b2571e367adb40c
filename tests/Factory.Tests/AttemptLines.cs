using Factory.Tests.Stations;

namespace Factory.Tests;

[Line]
[Step<OwnTimeout>]
public sealed partial class OwnTimeoutLine;

[Line]
[Step<OwnTimeoutBatch>]
public sealed partial class OwnTimeoutBatchLine;

[Line]
[Step<LateBatch>]
public sealed partial class LateBatchLine;

[Line]
[Step<RetriedFirst>]
[Step<FusedFailing>]
[Step<FusedContextReader>]
public sealed partial class FastPathLine;

[Line]
[Step<FunctionFailing>]
[Step<FusedFailing>]
[Step<FusedContextReader>]
public sealed partial class FunctionLine;

[Line]
[Step<FunctionFailing>]
[Step<FusedFailing>]
[Step<SequenceChecker>]
public sealed partial class FunctionChainLine;
