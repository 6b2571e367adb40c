using Factory.Tests.Stations;

namespace Factory.Tests;

[Line]
[Step<HeldSync>]
public sealed partial class HeldSyncLine;

/// <summary><see cref="HeldSync"/> runs fused into <see cref="AddOne"/>'s worker.</summary>
[Line]
[Step<AddOne>]
[Step<HeldSync>]
public sealed partial class HeldFusedLine;

[Line]
[Step<HeldAsync>]
public sealed partial class HeldAsyncLine;

[Line]
[Step<HeldRetried>]
public sealed partial class HeldRetriedLine;

[Line]
[Step<HeldTimed>]
public sealed partial class HeldTimedLine;

[Line]
[Step<HeldSplit>]
public sealed partial class HeldSplitLine;

[Line]
[Step<HeldAsyncSplit>]
public sealed partial class HeldAsyncSplitLine;

[Line]
[Step<HeldBatch>]
public sealed partial class HeldBatchLine;

[Line]
[Step<HeldPastTimeout>]
public sealed partial class HeldPastTimeoutLine;

[Line]
[Step<HeldBatchPastTimeout>]
public sealed partial class HeldBatchPastTimeoutLine;

/// <summary>Every kind of worker, each turning a cancel into an IOException: asynchronous, fused, split with retries, batch.</summary>
[Line]
[Step<ConvertingAsync>]
[Step<ConvertingSync>]
[Step<ConvertingSplit>]
[Step<ConvertingBatch>]
public sealed partial class ConvertingLine;
