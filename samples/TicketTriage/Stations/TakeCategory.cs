using Factory;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>
/// Keeps only the category a classifier chose: what the experiment compares, so two versions agree
/// when they choose the same category, whatever confidence each has in it.
/// </summary>
[Station]
public sealed partial class TakeCategory
{
    /// <summary>The category of one classified ticket.</summary>
    public string Process(Classified input) => input.Category;
}
