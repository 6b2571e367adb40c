using System;

namespace TicketTriage.Tickets;

/// <summary>
/// Thrown by a station for a ticket it cannot work on. The line turns it into a dead letter and goes
/// on. The message is the <see cref="Reason"/>, then the details in parentheses, so dead letters can
/// be grouped by reason.
/// </summary>
public sealed class MalformedTicketException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MalformedTicketException()
        : this("malformed ticket")
    {
    }

    /// <summary>Creates the exception with a reason and no details.</summary>
    public MalformedTicketException(string reason)
        : base(reason)
    {
        Reason = reason;
    }

    /// <summary>Creates the exception with a reason and the details of this ticket.</summary>
    public MalformedTicketException(string reason, string detail)
        : base(FormattableString.Invariant($"{reason} ({detail})"))
    {
        Reason = reason;
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    public MalformedTicketException(string reason, Exception innerException)
        : base(reason, innerException)
    {
        Reason = reason;
    }

    /// <summary>The problem, without the details of this ticket: the same for every ticket with that problem.</summary>
    public string Reason { get; }

    /// <summary>The reason part of a message made by this exception (or the whole message of any other).</summary>
    public static string ReasonOf(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int detail = message.IndexOf(" (", StringComparison.Ordinal);
        return detail < 0 ? message : message[..detail];
    }
}
