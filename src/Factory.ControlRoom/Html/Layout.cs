using System;

namespace Factory.ControlRoom;

/// <summary>The frame around every screen: the stylesheet and script (the console's own, from the assembly), the navigation, who is signed in.</summary>
internal static class Layout
{
    /// <summary>A whole page; with <paramref name="refreshTo"/> (a console path) the browser goes on there at once by a meta refresh.</summary>
    public static string Page(RoomRequest request, string title, Action<Html> body, string? refreshTo = null)
    {
        var html = new Html();
        html.Doctype().Open("html", ("lang", "en")).Open("head")
            .Void("meta", ("charset", "utf-8"));
        if (refreshTo is not null)
        {
            html.Void("meta", ("http-equiv", "refresh"), ("content", "0; url=" + refreshTo));
        }

        html
            .Void("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"))
            .Element("title", title + " · Factory control room")
            .Void("link", ("rel", "stylesheet"), ("href", request.Prefix + "/assets/console.css"))
            .Void("link", ("rel", "icon"), ("href", request.Prefix + "/assets/favicon.svg"), ("type", "image/svg+xml"))
            .Open("script", ("src", request.Prefix + "/assets/console.js"), ("defer", "defer")).Close("script")
            .Close("head")
            .Open("body", ("data-prefix", request.Prefix));
        Navigation(html, request);
        html.Open("main").Element("h1", title);
        body(html);
        html.Close("main").Close("body").Close("html");
        return html.ToString();
    }

    private static void Navigation(Html html, RoomRequest request)
    {
        html.Open("header").Open("nav").Link(request.Prefix + "/", "Factory control room", "brand");
        if (request.Actor is { } actor)
        {
            html.Link(request.Prefix + "/", "Runs")
                .Link(request.Prefix + "/dead-letters", "Dead letters")
                .Link(request.Prefix + "/gates", "Gates")
                .Link(request.Prefix + "/audit", "Audit");
            if (actor.May(ControlRoomRole.Admin))
            {
                html.Link(request.Prefix + "/admin", "Admin");
            }

            html.Open("span", ("class", "who")).Text($"{actor.Name} · {actor.Role} · {(actor.AllTenants ? "every tenant" : string.Join(", ", actor.Tenants))}").Close("span");
            if (actor.Kind == SignInKind.Cookie)
            {
                Form(html, request, "/signout").Element("button", "Sign out", ("type", "submit")).Close("form");
            }
        }

        html.Close("nav").Close("header");
    }

    /// <summary>Opens a POST form to <paramref name="path"/> carrying the session's form token; the caller closes it.</summary>
    public static Html Form(Html html, RoomRequest request, string path, string? cssClass = null)
    {
        html.Open("form", ("method", "post"), ("action", request.Prefix + path), ("class", cssClass ?? "inline"));
        if (request.FormToken.Length > 0)
        {
            html.Void("input", ("type", "hidden"), ("name", FormToken.Field), ("value", request.FormToken));
        }

        return html;
    }

    /// <summary>A message box (an error or a result).</summary>
    public static Html Notice(Html html, string? text, string kind = "notice") => text is null ? html : html.Element("p", text, ("class", kind));
}
