namespace Gatehouse.Core.OAuth;

/// <summary>
/// A refused <c>/oauth2/authorize</c> request. With a <see cref="RedirectUri"/> (the client and its registered
/// callback were recognised) the error goes back to the client as <c>?error=</c>; without one (an unknown client or an
/// unregistered <c>redirect_uri</c>) it is shown on Gatehouse's own error page and never redirected.
/// </summary>
public sealed class AuthorizeError(string error, string? redirectUri = null, string? state = null, string? clientId = null) : Exception(error)
{
    public string Error { get; } = error;

    /// <summary>The client's registered callback URL to send the error to, or null to show it on the error page.</summary>
    public string? RedirectUri { get; } = redirectUri;

    public string? State { get; } = state;

    public string? ClientId { get; } = clientId;

    /// <summary>Where to send the browser: the client's callback with the error, or <c>/error</c> on this server.</summary>
    public string Location => RedirectUri is null
        ? "/error?" + Query.Join(("error", Error), ("client_id", ClientId))
        : Query.Append(RedirectUri, ("error", Error), ("state", State));
}

/// <summary>Form-urlencoded query strings, skipping null values.</summary>
public static class Query
{
    public static string Join(params (string Name, string? Value)[] parameters) =>
        string.Join('&', parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)));

    /// <summary>Adds parameters to a URL's query, keeping any it already has.</summary>
    public static string Append(string url, params (string Name, string? Value)[] parameters)
    {
        var query = Join(parameters);
        return query.Length == 0 ? url : url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
    }
}
