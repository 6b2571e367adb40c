namespace Factory.Runtime;

/// <summary>One notice: an expectation (<see cref="Expected"/> at least 0) or a missing child.</summary>
internal readonly record struct SplitNotice(long ParentId, int Expected, long MissingChild, long ParentParentId, long ParentSequence, long Root)
{
    public bool IsExpectation => Expected >= 0;
}
