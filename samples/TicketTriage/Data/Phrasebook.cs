using System;
using System.Collections.Generic;

namespace TicketTriage.Data;

/// <summary>
/// The sentences generated tickets are made of (see <see cref="PhraseTemplate"/> for the syntax).
/// Each category has <em>strong</em> sentences, which say plainly what the ticket is about, and
/// <em>weak</em> ones, which share their words with another category (a charge for a parcel that never
/// came, a log-in that broke with an update, phishing dressed up as an overdue invoice). Weak sentences and the odd remark about another topic
/// are what keep the classifier honest: classes overlap, as they do in real queues.
/// </summary>
public static class Phrasebook
{
    private static readonly Dictionary<string, PhraseTemplate[]> Pools = new(StringComparer.Ordinal)
    {
        ["device"] = PhraseTemplate.ParseAll("my iphone", "android", "my android phone", "chrome", "firefox", "safari", "my windows laptop", "my mac", "the ipad", "edge"),
        ["thing"] = PhraseTemplate.ParseAll("the app", "the website", "your site", "the dashboard", "the mobile app", "the desktop app"),
    };

    private static readonly Dictionary<string, PhraseTemplate[]> Strong = new(StringComparer.Ordinal)
    {
        [Categories.Billing] = PhraseTemplate.ParseAll(
            "i was {charged|billed} {twice|two times|double} for {my subscription|the same order|one purchase} {this month|last week|on {#date}}",
            "can i get a refund for {#order}? {it was|the charge was} {#amount}",
            "my {invoice|receipt|bill} shows {#amount} but {the price|your website|the pricing page} said {#amount}",
            "{please|pls|can you} cancel my subscription before {the next renewal|it renews|i get charged again}",
            "my {credit card|card|payment} was declined {but|and} {the money still left my bank|i was charged anyway}",
            "the {promo|discount|coupon} code {#code} {was not applied|didn't work|was ignored} at checkout",
            "i need a {vat|tax} invoice {for my company|with our company name} for {#order}",
            "why did {my plan|the monthly price|my bill} go up {to|by} {#amount}",
            "{i want|requesting} my money back, {#amount} was taken without {my permission|asking}",
            "i {was|got} charged {#amount} after i cancelled {my trial|the subscription}",
            "the refund {you promised|for {#order}} {still hasn't arrived|is not on my statement} after {#days} days",
            "how do i {change|switch} my payment method {from paypal to card|to a different card}",
            "there is an unknown charge of {#amount} on my {statement|bank statement|credit card}",
            "{please|can you} send me {a copy of|} {the invoice|my receipts} for {the last three months|{#date}|this year}",
            "{the annual plan|the yearly subscription|my plan} {renewed automatically|auto renewed} and i {want|need} a {refund|prorated refund}"),
        [Categories.Technical] = PhraseTemplate.ParseAll(
            "{@thing} {keeps crashing|crashes|freezes} when i {open settings|upload a file|click save|start it}",
            "i get {#error} {when|whenever} i try to {export|sync|upload a photo|save a draft}",
            "{the page|the site|the dashboard} {won't load|is stuck loading|shows a blank screen} on {@device}",
            "{sync|syncing} between {my phone and laptop|devices} {stopped working|is broken} since the {last update|update}",
            "{@thing} is {really slow|super slow|very laggy} {after the update|since yesterday|on {@device}}",
            "{notifications|push notifications|email alerts} {are not|aren't} {working|arriving} {anymore|on {@device}}",
            "the {api|integration|webhook} returns {#error} {for every request|since this morning}",
            "{the export to csv|pdf export|the report download} {fails|produces an empty file|times out}",
            "{after|since} updating to version {#version} {nothing works|the app won't start|i see a white screen}",
            "the {search|filter|upload} feature {is broken|returns nothing|doesn't work} {on {@device}|in chrome|}",
            "{is there a bug|i think there is a bug|found a bug} {with|in} the {calendar|editor|image upload}",
            "{i've tried|tried} {reinstalling|clearing the cache|restarting} but {it still crashes|the error is still there}",
            "{images|attachments|files} {don't upload|fail to upload|get stuck at 99%} {on {@device}|}",
            "{@thing} {shows|throws} {#error} {on startup|every time|randomly}"),
        [Categories.Account] = PhraseTemplate.ParseAll(
            "i {can't|cannot|can not} {log in|sign in|access my account} {even though|although} my password is correct",
            "{the|my} password reset {email|link} {never arrives|is not arriving|expired}",
            "my account {is|got|was} {locked|suspended|disabled} {after too many attempts|for no reason}",
            "{how do i|please help me} {change|update} the email {address|} on my account",
            "{please|i want to} delete my account and {all my data|my personal data}",
            "{the two factor|2fa|two-step verification} {code|codes} {don't arrive|aren't working|are rejected}",
            "i {think|believe} someone {else|} {logged into|accessed|hacked} my account",
            "{can you|please} {merge|combine} my two accounts",
            "{i forgot|i lost} my {username|login details|password} and {no longer have|can't reach} the old email",
            "{how can i|i need to} change my {username|display name|profile name}",
            "{i'd like to|please} add a second user to {my account|our team account}",
            "{the verification email|the confirmation link} {never came|doesn't work} {so|and} i can't {activate|verify} my account",
            "{please|can you} reset my password, {the reset|the login} {form|page} says my account does not exist",
            "{i changed|someone changed} my {password|recovery email|security question} {without|and i didn't} {permission|ask for it}"),
        [Categories.Shipping] = PhraseTemplate.ParseAll(
            "my {package|order|parcel} {#order} {hasn't arrived|still hasn't arrived|is late} {after {#days} days|yet}",
            "the tracking {number|page} {#tracking} {hasn't updated|shows no movement|is stuck} {since {#date}|for days}",
            "{i need to|can i} change the delivery address for {#order}",
            "{the box|my parcel|the item} arrived {damaged|broken|crushed|wet}",
            "{one item|an item|part of my order} is missing from {the box|my delivery|{#order}}",
            "the {courier|driver|delivery guy} {left it|left my parcel} {with a neighbour|at the wrong door|outside in the rain}",
            "{my package is|the parcel is} stuck in customs, {who pays the fees|what do i do}",
            "{when will|when does} {my order|{#order}} {ship|be delivered|arrive}",
            "{can i|i want to} {reschedule|change} the delivery {date|time} {to next week|}",
            "{i received|you sent me} the wrong {item|size|colour} {in|for} {#order}",
            "the delivery was marked as {delivered|completed} but {nothing arrived|i never got it}",
            "{the courier|dhl|ups|the post office} {lost|misplaced} my {parcel|package} {#tracking}",
            "{do you|can you} ship to {canada|ireland|norway|a po box} and how long does {delivery|shipping} take"),
        [Categories.Feedback] = PhraseTemplate.ParseAll(
            "{i just wanted to say|just wanted to say|honestly} {i love|we love|i really enjoy} {the new design|your product|the app}",
            "{it would be great|would be nice} {if you added|to have} {a dark mode|an offline mode|keyboard shortcuts|a calendar view}",
            "{your support agent|the agent|your colleague} {#name} was {really helpful|super friendly|amazing}",
            "{the new update|the redesign|the latest version} is {confusing|harder to use|a step backwards} {in my opinion|imo|honestly}",
            "{suggestion|feature request|idea}: {let us|allow users to} {export to excel|share lists|pick a theme}",
            "{i'm|i am} {disappointed|not happy} with {the quality|the service|how this was handled} {lately|this time|}",
            "{thank you|thanks} for {the quick help|fixing the issue so fast|a great product}",
            "{the menu|the layout|the home screen} {could be simpler|is hard to navigate|needs work}",
            "{i would|i'd} {rate|give} {you|the service} {#stars} stars {because|since} {it works well|the price is fair|support is slow}",
            "{please|could you} {bring back|keep} the old {layout|icons|version}",
            "{just some feedback|some feedback}: {the onboarding|the tutorial|the help pages} {was|were} {great|unclear|too long}",
            "{keep up the good work|great job to the team|you guys rock}, {best|nicest} {service|company} i've used"),
        [Categories.Spam] = PhraseTemplate.ParseAll(
            "{congratulations|congrats}! you {have been selected to receive|won} {a free iphone|a $1000 gift card|an amazon voucher}, claim it at {#url}",
            "we offer {seo services|cheap backlinks|guest posts} to rank your website #1 on google {in 30 days|guaranteed}",
            "{make|earn} {#amount} a {day|week} working from home, {no experience needed|100% guaranteed}",
            "{buy|get} {cheap|discount|replica} {watches|sunglasses|supplements|followers} at {#url}",
            "{crypto|bitcoin} investment {opportunity|club}, {double your money|guaranteed 300% returns} in {7 days|a week}",
            "{limited time offer|exclusive deal}: {80%|90%} off {designer bags|all products|luxury brands} {today only|this weekend}",
            "i am a {prince|lawyer|bank manager} and need your help to transfer {#amount} million, you {will get|keep} {30%|a share}",
            "{grow|boost} your {instagram|tiktok|youtube} {followers|views|likes} {fast|overnight} with our {service|bot}",
            "we are {hiring|looking for} {remote workers|agents|promoters}, {reply with your whatsapp number|contact us on telegram}",
            "{to unsubscribe|to stop receiving these emails|if you no longer wish to hear from us} click {#url}",
            "dear {sir|madam|sir/madam}, we have a {business proposal|partnership offer|lucrative deal} for {your company|you}",
            "{hot singles|lonely hearts} in your area {are waiting|want to meet you}, {sign up free|join now} at {#url}",
            "{our|the} {marketing agency|web design studio|lead generation team} {can|will} {redesign your site|bring you 500 leads} for {#amount}"),
    };

    private static readonly Dictionary<string, PhraseTemplate[]> Weak = new(StringComparer.Ordinal)
    {
        [Categories.Billing] = PhraseTemplate.ParseAll(
            "{i have a question about|question about} my {account|order|last payment}",
            "{i was charged|charged} for an order that {never arrived|didn't arrive}",
            "i {can't|cannot} {log in|sign in} to {update|see} my {invoices|payment details}",
            "{the payment page|checkout} {shows {#error}|doesn't load} {when i pay|}"),
        [Categories.Technical] = PhraseTemplate.ParseAll(
            "{the login page|sign in} {is broken|shows an error} {on {@device}|}",
            "{the checkout|the payment page} {crashes|freezes} when i {pay|enter my card}",
            "{the tracking page|the order status page} {won't load|is blank}",
            "{something is wrong|not working} with {my account|the app|my order} {since yesterday|}",
            "{the link|this page} {#url} {shows|gives me} {#error}"),
        [Categories.Account] = PhraseTemplate.ParseAll(
            "i {can't|cannot} {log in|sign in} {after the update|since the app update}",
            "{please update|change} the {email|address} on my {order|account|invoices}",
            "{i was|i got} logged out and {lost|can't see} my {orders|order history}",
            "{my profile|my account page} {shows an error|won't load} {on {@device}|}",
            "i got an email asking me to {verify my account|confirm my password} at {#url}, is it really from you"),
        [Categories.Shipping] = PhraseTemplate.ParseAll(
            "{i paid for|i was charged for} {#order} but it {never arrived|hasn't shipped}",
            "{@thing} shows the wrong {delivery date|status} for {#order}",
            "{please|can you} update the address {on my account|for my orders}",
            "{i'd like|i want} a refund {because|since} my order {is late|never came}",
            "the tracking link {#url} {doesn't work|shows nothing}"),
        [Categories.Feedback] = PhraseTemplate.ParseAll(
            "{the delivery|shipping} {was|is} {way too slow|slower than promised}, {not impressed|very disappointing}",
            "{@thing} {is|feels} {slow|clunky} {and confusing|} {since the redesign|}",
            "{the prices|your prices} {are|have become} {too high|too expensive} {for what you get|}",
            "{the login|sign up} process {is|feels} {annoying|too complicated}"),
        [Categories.Spam] = PhraseTemplate.ParseAll(
            "your {invoice|payment} of {#amount} is {overdue|pending}, {download the attached pdf|open the statement} at {#url}",
            "{your account|your subscription} {will be|has been} {suspended|deactivated}, {log in|sign in} at {#url} to {restore|keep} it",
            "{we noticed|there was} {unusual activity|a suspicious login} on your account, {confirm your details|verify your identity} at {#url}",
            "your {package|parcel|delivery} {could not be delivered|is on hold}, pay the {#amount} {customs fee|redelivery fee} at {#url}",
            "{reply|respond} with your {bank details|password|card number} {to claim your refund|to keep your account active}"),
    };

    /// <summary>Greetings; not about anything.</summary>
    public static IReadOnlyList<PhraseTemplate> Openers { get; } = PhraseTemplate.ParseAll(
        "hi", "hello", "hello team", "hey there", "good morning", "dear support", "hi, hope you're well", "to whom it may concern", "hey", "hi support team");

    /// <summary>Background that says nothing about the topic.</summary>
    public static IReadOnlyList<PhraseTemplate> Context { get; } = PhraseTemplate.ParseAll(
        "i've been a customer for {#years} years",
        "this is my {second|third|fourth} {email|message} about this",
        "sorry for the long message",
        "not sure if this is the right place to ask",
        "{i|we} use {it|your product} {every day|for work|at home}",
        "i tried the help center first",
        "{my colleague|my wife|my husband|a friend} {has|had} the same problem");

    /// <summary>Sign-offs.</summary>
    public static IReadOnlyList<PhraseTemplate> Closers { get; } = PhraseTemplate.ParseAll(
        "thanks", "thanks in advance", "please help", "regards", "cheers", "thank you", "best, {#name}", "sent from my iphone", "kind regards, {#name}", "looking forward to your reply", "thx");

    /// <summary>Sentences that press for speed.</summary>
    public static IReadOnlyList<PhraseTemplate> Urgency { get; } = PhraseTemplate.ParseAll(
        "this is urgent", "please fix this asap", "i need this sorted today", "{please|pls} answer immediately", "urgent!", "it's an emergency, {i have a deadline|my business depends on it}");

    /// <summary>Sentences that threaten escalation.</summary>
    public static IReadOnlyList<PhraseTemplate> Threats { get; } = PhraseTemplate.ParseAll(
        "otherwise i will {file a chargeback|do a chargeback with my bank}", "i will talk to my lawyer", "i'm considering legal action", "i'll report this to consumer protection");

    /// <summary>Words people put between sentences.</summary>
    public static IReadOnlyList<string> Fillers { get; } = ["um", "so", "basically", "lol", "idk", "tbh", "ok so", "anyway", "pls", "hmm"];

    /// <summary>Ways to start a remark on another topic.</summary>
    public static IReadOnlyList<string> Asides { get; } = ["also", "oh and", "btw", "another thing,", "unrelated but", "p.s."];

    /// <summary>Sentences that carry an email address.</summary>
    public static IReadOnlyList<PhraseTemplate> EmailSentences { get; } = PhraseTemplate.ParseAll(
        "you can reach me at {#email}", "my email is {#email}", "reply to {#email} please", "{#email}", "contact: {#email}");

    /// <summary>Sentences that carry a phone number.</summary>
    public static IReadOnlyList<PhraseTemplate> PhoneSentences { get; } = PhraseTemplate.ParseAll(
        "call me on {#phone}", "my number is {#phone}", "phone: {#phone}", "{#name} | {#phone}", "you can call {#phone} after 5pm");

    /// <summary>Sentences that carry a card number.</summary>
    public static IReadOnlyList<PhraseTemplate> CardSentences { get; } = PhraseTemplate.ParseAll(
        "the card i used is {#card}", "card number {#card}", "my card {#card} exp 04/27", "i paid with {#card}", "charged to {#card}");

    /// <summary>The sentences that plainly belong to <paramref name="category"/>.</summary>
    public static IReadOnlyList<PhraseTemplate> StrongFor(string category) => Strong[category];

    /// <summary>The sentences of <paramref name="category"/> that share their words with another one.</summary>
    public static IReadOnlyList<PhraseTemplate> WeakFor(string category) => Weak[category];

    /// <summary>A named pool referenced as <c>{@name}</c>.</summary>
    public static IReadOnlyList<PhraseTemplate> Pool(string name) =>
        Pools.TryGetValue(name, out PhraseTemplate[]? pool) ? pool : throw new ArgumentException($"Unknown pool '{{@{name}}}'.", nameof(name));
}
