using Factory.Tests.Stations;

namespace Factory.Tests;

[Line]
[Step<MakeShape>]
[Route<Circle, DescribeCircle>]
[Route<Square, SquareLine>]
[Route<Blob, Discard>]
[Step<Shout>]
public sealed partial class ShapeLine;

/// <summary>The routes after a station with two workers run on a router task of their own.</summary>
[Line]
[Step<MakeShapeInParallel>]
[Route<Circle, DescribeCircle>]
[Route<Square, SquareLine>]
[Route<Blob, Discard>]
[Step<Shout>]
public sealed partial class ParallelShapeLine;

/// <summary>A line used as a route target.</summary>
[Line]
[Step<DescribeSquare>]
[Step<Shout>]
public sealed partial class SquareLine;

/// <summary>First match wins: circles take the first route, everything else the base-type route.</summary>
[Line]
[Step<MakeShape>]
[Route<Circle, DescribeCircle>]
[Route<Shape, DescribeAny>]
public sealed partial class FirstMatchLine;

/// <summary>Routes over a type from another assembly: a FormatException matches no route.</summary>
[Line]
[Step<MakeError>]
[Route<System.ArgumentException, DescribeError>]
[Route<System.InvalidOperationException, DescribeError>]
public sealed partial class ErrorLine;

[Line]
[Step<BatchDouble>]
public sealed partial class BatchLine;

[Line]
[Step<ShortBatch>]
public sealed partial class ShortBatchLine;

[Line]
[Step<FlakyBatch>]
public sealed partial class FlakyBatchLine;

[Line]
[Step<SplitWords>]
[Step<SlowUpper>]
[Step<JoinWords>]
public sealed partial class GatherLine;
