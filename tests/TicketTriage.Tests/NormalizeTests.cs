using System;
using TicketTriage.Stations;
using TicketTriage.Tickets;
using Xunit;

namespace TicketTriage.Tests;

public sealed class NormalizeTests
{
    [Theory]
    [InlineData("T-000001", "", "body is empty")]
    [InlineData("T-000001", " \n\t ", "body is only whitespace")]
    [InlineData("T-000001", "?!? ... :(", "body has no words")]
    [InlineData("", "my parcel never came", "ticket has no id")]
    [InlineData(" ", "my parcel never came", "ticket has no id")]
    public void Malformed_tickets_are_refused_with_the_problem_as_the_reason(string id, string body, string reason)
    {
        MalformedTicketException refused = Assert.Throws<MalformedTicketException>(() => new Normalize().Process(new Ticket(id, body, "shipping")));

        Assert.Equal(reason, refused.Reason);
        Assert.Equal(reason, MalformedTicketException.ReasonOf(refused.Message));
    }

    [Fact]
    public void A_body_over_the_limit_is_refused_and_one_at_the_limit_is_not()
    {
        string words = "my parcel never came ";
        string atLimit = string.Concat(System.Linq.Enumerable.Repeat(words, (Normalize.MaxBodyLength / words.Length) + 1))[..Normalize.MaxBodyLength];

        Assert.Equal("body is too long", Assert.Throws<MalformedTicketException>(() => new Normalize().Process(new Ticket("T-1", atLimit + "x", "shipping"))).Reason);
        Assert.NotEmpty(new Normalize().Process(new Ticket("T-1", atLimit, "shipping")).Text);
    }

    [Fact]
    public void A_good_ticket_is_cleaned_and_fingerprinted_the_same_as_its_shouted_copy()
    {
        NormalizedTicket quiet = new Normalize().Process(new Ticket("T-1", "  My parcel   never came!!!\n", "shipping"));
        NormalizedTicket loud = new Normalize().Process(new Ticket("T-2", "MY PARCEL NEVER CAME!", "shipping"));

        Assert.Equal("my parcel never came!", quiet.Text);
        Assert.Equal(quiet.Fingerprint, loud.Fingerprint);
        Assert.Equal("shipping", quiet.ExpectedCategory);
    }

    [Theory]
    // The reason's details quote the text; the quote must not carry the personal data the line exists to remove.
    [InlineData("", "call me on 555-014-2368 about my refund", "555-014")]
    [InlineData("", "anna.smith@example.com wrote this", "anna.smith")]
    [InlineData("T-000009", "4111 1111 1111 1111", "4111")]
    [InlineData("T-000009", "+44 20 7946 0958 !!!", "7946")]
    public void The_reason_does_not_quote_personal_data(string id, string body, string secret)
    {
        MalformedTicketException refused = Assert.Throws<MalformedTicketException>(() => new Normalize().Process(new Ticket(id, body, "billing")));

        Assert.DoesNotContain(secret, refused.Message, StringComparison.Ordinal);
        Assert.Contains("[", refused.Message, StringComparison.Ordinal);
    }
}
