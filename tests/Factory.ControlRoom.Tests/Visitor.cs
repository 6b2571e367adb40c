using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Xunit;

namespace Factory.ControlRoom.Tests;

/// <summary>A browser-like client of the in-memory console: keeps cookies, follows no redirects, reads the form token from pages.</summary>
public sealed partial class Visitor : IDisposable
{
    private readonly HttpClient client;

    public Visitor(TestServer server)
    {
        Cookies = new CookieContainerHandler { InnerHandler = server.CreateHandler() };
        client = new HttpClient(Cookies) { BaseAddress = server.BaseAddress };
    }

    public CookieContainerHandler Cookies { get; }

    public HttpClient Client => client;

    public async Task SignInAsync(string name, string password)
    {
        using HttpResponseMessage response = await PostAsync("/factory/signin", new() { ["name"] = name, ["password"] = password }, token: null);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => client.GetAsync(path);

    public async Task<string> GetTextAsync(string path)
    {
        using HttpResponseMessage response = await client.GetAsync(path);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The form token of this visitor's session, as a page of the console carries it.</summary>
    public async Task<string> FormTokenAsync()
    {
        string page = await GetTextAsync("/factory/");
        Match match = TokenField().Match(page);
        Assert.True(match.Success, "the page carries no form token: " + page[..Math.Min(500, page.Length)]);
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts a form; <paramref name="token"/> goes in the form token field when given.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> fields, string? token, Action<HttpRequestMessage>? adjust = null)
    {
        if (token is not null)
        {
            fields["__csrf"] = token;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        adjust?.Invoke(request);
        return client.SendAsync(request);
    }

    public void Dispose() => client.Dispose();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
