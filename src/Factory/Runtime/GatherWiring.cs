namespace Factory.Runtime;

/// <summary>A station that splits: it tells a gather downstream how many children each input gave.</summary>
internal interface ISplitSource
{
    SplitRegistry? Expecting { set; }
}

/// <summary>A part between a split and its gather: it tells the gather which children will not arrive.</summary>
internal interface IReportsMissing
{
    SplitRegistry? MissingTo { set; }
}
