using System.Text.Json.Serialization;

namespace TicketTriage.Tickets;

/// <summary>How soon a ticket needs an answer.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Priority>))]
public enum Priority
{
    /// <summary>Within three business days.</summary>
    Low,

    /// <summary>Within one business day.</summary>
    Normal,

    /// <summary>Within four hours.</summary>
    High,

    /// <summary>Within the hour.</summary>
    Urgent,
}
