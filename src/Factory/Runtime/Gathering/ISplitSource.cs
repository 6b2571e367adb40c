namespace Factory.Runtime;

/// <summary>A station that splits: it tells a gather downstream how many children each input gave.</summary>
internal interface ISplitSource
{
    SplitRegistry? Expecting { set; }
}
