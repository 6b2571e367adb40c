using TicketTriage.Text;
using TicketTriage.Tickets;
using Xunit;

namespace TicketTriage.Tests;

public sealed class PersonalDataRedactorTests
{
    [Theory]
    // Emails, in the generator's shapes and others.
    [InlineData("my email is anna.smith@example.com thanks", "my email is [email] thanks", 1, 0, 0)]
    [InlineData("reply to ben_garcia12@corp.example.co.uk please", "reply to [email] please", 1, 0, 0)]
    [InlineData("contact: zoe+support@inbox.test.", "contact: [email].", 1, 0, 0)]
    [InlineData("MAIL ME AT JSMITH@MAIL.EXAMPLE.NET", "MAIL ME AT [email]", 1, 0, 0)]
    [InlineData("a@b.io or c.d@e.org", "[email] or [email]", 2, 0, 0)]
    // Phone numbers: international and national forms, with spaces, dots, dashes, brackets.
    [InlineData("call me on +1 (555) 014-2368", "call me on [phone]", 0, 1, 0)]
    [InlineData("my number is 555-014-2368.", "my number is [phone].", 0, 1, 0)]
    [InlineData("phone: 555.014.2368", "phone: [phone]", 0, 1, 0)]
    [InlineData("+44 20 7946 0958 after 5pm", "[phone] after 5pm", 0, 1, 0)]
    [InlineData("maria | 0151 496 0734", "maria | [phone]", 0, 1, 0)]
    // Card numbers that pass the Luhn check, grouped by spaces or dashes or not at all.
    [InlineData("the card i used is 4111 1111 1111 1111", "the card i used is [card]", 0, 0, 1)]
    [InlineData("card number 5500-0000-0000-0004 exp 04/27", "card number [card] exp 04/27", 0, 0, 1)]
    [InlineData("charged to 4242424242424242.", "charged to [card].", 0, 0, 1)]
    [InlineData("amex 378282246310005", "amex [card]", 0, 0, 1)]
    // All three at once.
    [InlineData("x@example.org, 555-014-2368, 4111111111111111", "[email], [phone], [card]", 1, 1, 1)]
    public void Personal_data_is_replaced_and_counted(string text, string expected, int emails, int phones, int cards)
    {
        RedactionResult result = PersonalDataRedactor.Redact(text);

        Assert.Equal(expected, result.Text);
        Assert.Equal(new Redactions(emails, phones, cards), result.Redactions);
        Assert.Equal(emails + phones + cards, result.Redactions.Total);
    }

    [Theory]
    [InlineData("ticket T-000123 is still open")]
    [InlineData("refund for order #482913 please")]
    [InlineData("order 482913 has not arrived after 12 days")]
    [InlineData("it was charged on 2024-01-15")]
    [InlineData("it was charged on 15.01.2024")]
    [InlineData("since 12/05/2024 at 10:30")]
    [InlineData("on march 14, the charge was $123.45")]
    [InlineData("tracking 1Z8A41023E0205271688 shows no movement")]
    [InlineData("after updating to version 5.3.12 nothing works")]
    [InlineData("i get error code e-4031 and a 404")]
    [InlineData("\"unexpected error (5521)\" every time")]
    [InlineData("a 16-digit number that fails the luhn check: 4111111111111112")]
    [InlineData("follow @acme on twitter, or write to support at example dot com")]
    [InlineData("i would give you 4 stars")]
    public void Text_without_personal_data_is_left_alone(string text)
    {
        RedactionResult result = PersonalDataRedactor.Redact(text);

        Assert.Equal(text, result.Text);
        Assert.Same(Redactions.None, result.Redactions);
    }

    [Fact]
    public void A_card_number_is_taken_as_a_card_not_as_a_phone_number()
    {
        // "4111 1111 1111" alone has the shape of a phone number; the cards go first.
        RedactionResult result = PersonalDataRedactor.Redact("card 4111 1111 1111 1111 and phone 0151 496 0734");

        Assert.Equal("card [card] and phone [phone]", result.Text);
        Assert.Equal(new Redactions(0, 1, 1), result.Redactions);
    }

    [Theory]
    // The card pattern is greedy: a card next to another number first matches as one longer run
    // that fails the Luhn check. The card must still be found, and the other number kept.
    [InlineData("my card 4111 1111 1111 1111 12/27", "my card [card] 12/27")]
    [InlineData("card 4111 1111 1111 1111 12 days ago", "card [card] 12 days ago")]
    [InlineData("charged to 4111111111111111 12 times", "charged to [card] 12 times")]
    [InlineData("exp 12/27 4111 1111 1111 1111", "exp 12/27 [card]")]
    [InlineData("4111-1111-1111-1111-12", "[card]-12")]
    public void A_card_next_to_another_number_is_still_a_card(string text, string expected)
    {
        RedactionResult result = PersonalDataRedactor.Redact(text);

        Assert.Equal(expected, result.Text);
        Assert.Equal(new Redactions(0, 0, 1), result.Redactions);
    }

    [Theory]
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("4111-1111-1111-1111", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("79927398713", false)] // passes mod 10, but 11 digits are not a card
    [InlineData("4222222222222", true)] // the 13-digit Visa test number
    public void The_Luhn_check_counts_digits_and_ignores_separators(string number, bool passes)
    {
        Assert.Equal(passes, PersonalDataRedactor.PassesLuhn(number));
    }
}
