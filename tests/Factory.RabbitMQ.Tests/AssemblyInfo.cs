using Xunit;

// Every test of a line shares the line's queues and starts workers on them: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
