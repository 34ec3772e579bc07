using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.HostedUi;

/// <summary>
/// <c>GET /error?error=&amp;client_id=</c>: where a request that must not be redirected ends (an unknown client, an
/// unregistered redirect or sign-out URI), with the error in words and status 400.
/// </summary>
internal static class ErrorPage
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["redirect_mismatch"] = "The redirect URI in the request is not one registered for this app client.",
        ["invalid_request"] = "The request is missing a required parameter, or one of its parameters is not valid.",
        ["unauthorized_client"] = "This app client is not allowed to sign users in this way.",
        ["unsupported_response_type"] = "The response type in the request is not supported for this app client.",
        ["invalid_scope"] = "A scope in the request is not allowed for this app client.",
        ["invalid_client"] = "The app client is not known.",
    };

    public static Task GetAsync(PageRequest request)
    {
        var error = request.QueryValue("error");
        var known = error is not null && Descriptions.TryGetValue(error, out var description) ? description : null;
        var code = error is { Length: <= 64 } ? error : null;
        return request.PageAsync(Render("An error was encountered", known ?? "An error was encountered with the requested page.", code), StatusCodes.Status400BadRequest);
    }

    /// <summary>Answers with an error page, outside any page flow (a refused form, an unexpected failure).</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string message)
    {
        var response = context.Response;
        response.Clear();
        response.StatusCode = status;
        PageRequest.WriteHeaders(response);
        var bytes = Encoding.UTF8.GetBytes(Render(title, message, code: null));
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    private static string Render(string title, string message, string? code) => Layout.Render(title, html =>
    {
        html.Element("p", message, ("role", "alert"), ("class", "errorMessage-customizable"));
        if (code is not null)
        {
            html.Open("p", ("class", "textDescription-customizable")).Text("Error code: ").Element("code", code).Close("p");
        }
    });
}
