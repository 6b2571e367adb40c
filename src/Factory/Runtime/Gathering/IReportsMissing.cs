namespace Factory.Runtime;

/// <summary>A part between a split and its gather: it tells the gather which children will not arrive.</summary>
internal interface IReportsMissing
{
    SplitRegistry? MissingTo { set; }
}
