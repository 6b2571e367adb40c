using Factory.Tests.Stations;

namespace Factory.Tests;

[Line]
[Step<AddOne>]
[Step<Twice>]
[Step<Show>]
public sealed partial class Triple;

/// <summary><see cref="Triple"/> with its middle station in batches.</summary>
[Line]
[Step<AddOne>]
[Step<TwiceInBatches>]
[Step<Show>]
public sealed partial class BatchedTriple;

/// <summary>A line whose second station has an inspector wired by attribute (<see cref="Rounding"/>).</summary>
[Line]
[Step<AddOne>]
[Step<Halve>]
public sealed partial class Halving;

/// <summary><see cref="Halving"/> with its second station in batches.</summary>
[Line]
[Step<AddOne>]
[Step<HalveInBatches>]
public sealed partial class BatchHalving;

[Line]
[Step<AddOne>]
[Step<Twice>]
[Step<Negate>]
public sealed partial class Arithmetic;

[Line]
[Step<Jitter>]
public sealed partial class OrderedLine;

[Line]
[Step<UnorderedJitter>]
public sealed partial class UnorderedLine;

[Line]
[Step<PositionOf>]
public sealed partial class PositionLine;

[Line]
[Step<SlowSquare>]
public sealed partial class SlowSquareLine;

[Line]
[Step<QuickEcho>]
public sealed partial class QuickEchoLine;

[Line]
[Step<QuickPairs>]
public sealed partial class QuickPairsLine;

[Line]
[Step<Flaky>]
public sealed partial class FlakyLine;

[Line]
[Step<Hangs>]
public sealed partial class HangsLine;

[Line]
[Step<IgnoresToken>]
public sealed partial class IgnoresTokenLine;

[Line]
[Step<AddOne>]
[Step<FailsOn>]
[Step<Twice>]
public sealed partial class CheckedLine;

[Line]
[Step<AddOne>]
[Step<SeesSpan>]
[Step<Twice>]
public sealed partial class SeenLine;

[Line]
[Step<Gate>]
public sealed partial class GatedLine;

[Line]
[Step<Repeat>]
[Step<Witness>]
public sealed partial class RepeatLine;

[Line]
[Step<EvensOnly>]
public sealed partial class EvensLine;

[Line]
[Step<CountDown>]
public sealed partial class CountDownLine;

[Line]
[Step<SplitThenFail>]
public sealed partial class SplitRetryLine;

/// <summary>Doubles twice: nested inside <see cref="Nesting"/>.</summary>
[Line]
[Step<Twice>]
[Step<Twice>]
public sealed partial class Quadruple;

[Line]
[Step<AddOne>]
[Step<Quadruple>]
[Step<Show>]
public sealed partial class Nesting;

[Line]
[Step<AddOne>]
[Step<Flaky>]
[Step<Twice>]
public sealed partial class RetryLine;

[Line]
[Step<Repeat>]
[Step<Quadruple>]
public sealed partial class SplitNestedLine;

[Line]
[Step<LeaksSecret>]
public sealed partial class SecretLine;

[Line]
[Step<LeaksConnection>]
public sealed partial class ConnectionLine;

[Line]
[Step<Charge>]
public sealed partial class ChargeLine;

[Line]
[Step<FakeModelCall>]
public sealed partial class ModelLine;

[Line]
[Step<MillisecondCall>]
public sealed partial class MillisecondCallLine;
