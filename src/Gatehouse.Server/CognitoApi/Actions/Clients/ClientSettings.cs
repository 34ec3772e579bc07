using System.Text.Json;
using System.Text.RegularExpressions;
using Gatehouse.Core;
using Gatehouse.Core.Storage;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Clients;

/// <summary>The settings CreateUserPoolClient and UpdateUserPoolClient share, as AWS names them.</summary>
internal class ClientSettingsRequest
{
    public string? UserPoolId { get; set; }
    public string? ClientName { get; set; }
    public int? RefreshTokenValidity { get; set; }
    public int? AccessTokenValidity { get; set; }
    public int? IdTokenValidity { get; set; }
    public TokenValidityUnits? TokenValidityUnits { get; set; }
    public List<string>? ReadAttributes { get; set; }
    public List<string>? WriteAttributes { get; set; }
    public List<string>? ExplicitAuthFlows { get; set; }
    public List<string>? SupportedIdentityProviders { get; set; }
    public List<string>? CallbackURLs { get; set; }
    public List<string>? LogoutURLs { get; set; }
    public string? DefaultRedirectURI { get; set; }
    public List<string>? AllowedOAuthFlows { get; set; }
    public List<string>? AllowedOAuthScopes { get; set; }
    public bool? AllowedOAuthFlowsUserPoolClient { get; set; }
    public JsonElement? AnalyticsConfiguration { get; set; }
    public string? PreventUserExistenceErrors { get; set; }
    public bool? EnableTokenRevocation { get; set; }
    public bool? EnablePropagateAdditionalUserContextData { get; set; }
    public int? AuthSessionValidity { get; set; }
    public JsonElement? RefreshTokenRotation { get; set; }
}

/// <summary>Validation and application of app client settings, with AWS's defaults for what a request leaves out.</summary>
internal static partial class ClientSettings
{
    public static readonly string[] OAuthFlows = ["code", "implicit", "client_credentials"];

    /// <summary>
    /// Checks the model constraints and the rules between settings. CreateUserPoolClient requires a name;
    /// UpdateUserPoolClient does not, and keeps the current one when it is left out.
    /// </summary>
    public static void Validate(ClientSettingsRequest request, bool nameRequired = true)
    {
        var validation = new Validation();
        if (nameRequired)
        {
            validation.Required(request.ClientName, "clientName");
        }

        validation
            .Length(request.ClientName, 1, 128, "clientName")
            .Pattern(request.ClientName, NamePattern(), "clientName")
            .Range(request.AuthSessionValidity, 3, 15, "authSessionValidity")
            .Range(request.RefreshTokenValidity, 0, 315360000, "refreshTokenValidity")
            .Range(request.AccessTokenValidity, 1, 86400, "accessTokenValidity")
            .Range(request.IdTokenValidity, 1, 86400, "idTokenValidity")
            .OneOf(request.PreventUserExistenceErrors, ["LEGACY", "ENABLED"], "preventUserExistenceErrors")
            .Count(request.CallbackURLs, 0, 100, "callbackURLs")
            .Count(request.LogoutURLs, 0, 100, "logoutURLs")
            .Count(request.AllowedOAuthScopes, 0, 50, "allowedOAuthScopes")
            .Length(request.DefaultRedirectURI, 1, 1024, "defaultRedirectURI");
        foreach (var flow in request.AllowedOAuthFlows ?? [])
        {
            validation.OneOf(flow, OAuthFlows, "allowedOAuthFlows.member");
        }

        validation.ThrowIfAny();
        AuthFlows.ValidateSettings(request.ExplicitAuthFlows);

        foreach (var url in (request.CallbackURLs ?? []).Concat(request.LogoutURLs ?? []).Append(request.DefaultRedirectURI).OfType<string>())
        {
            if (!IsAllowedRedirect(url))
            {
                throw CognitoException.InvalidParameter($"{url} is not a valid URL: it must be https, except for localhost.");
            }
        }

        if (request.DefaultRedirectURI is { } defaultUri && request.CallbackURLs?.Contains(defaultUri) != true)
        {
            throw CognitoException.InvalidParameter("DefaultRedirectURI must be one of the CallbackURLs.");
        }

        if (request.AllowedOAuthFlows?.Contains("client_credentials") == true && request.AllowedOAuthFlows.Count > 1)
        {
            throw CognitoException.InvalidParameter("client_credentials flow can not be selected along with code flow or implicit flow.");
        }

        if (request.AllowedOAuthFlowsUserPoolClient == true
            && (request.AllowedOAuthFlows is not { Count: > 0 } || request.AllowedOAuthScopes is not { Count: > 0 }))
        {
            throw CognitoException.InvalidParameter("AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.");
        }
    }

    /// <summary>Replaces every setting of the client with the request's, defaults for those left out, as UpdateUserPoolClient does.</summary>
    public static void Apply(AppClient client, UserPool pool, ClientSettingsRequest request, bool updating = false)
    {
        if (request.AllowedOAuthFlows?.Contains("client_credentials") == true && client.ClientSecret is null)
        {
            throw new CognitoException("InvalidOAuthFlowException", "client_credentials flow can not be selected if client does not have a client secret.");
        }

        var doing = updating ? "updating" : "creating";
        CheckAttributes(pool, request.ReadAttributes, $"Invalid read attributes specified while {doing} a client");
        CheckAttributes(pool, request.WriteAttributes, $"Invalid write attributes specified while {doing} a client");
        client.ClientName = request.ClientName ?? client.ClientName;
        client.RefreshTokenValidity = request.RefreshTokenValidity ?? 30;
        client.AccessTokenValidity = request.AccessTokenValidity ?? 60;
        client.IdTokenValidity = request.IdTokenValidity ?? 60;
        client.TokenValidityUnits = new TokenValidityUnits
        {
            AccessToken = request.TokenValidityUnits?.AccessToken ?? (request.AccessTokenValidity is null ? "minutes" : "hours"),
            IdToken = request.TokenValidityUnits?.IdToken ?? (request.IdTokenValidity is null ? "minutes" : "hours"),
            RefreshToken = request.TokenValidityUnits?.RefreshToken ?? "days",
        };
        client.ReadAttributes = request.ReadAttributes;
        client.WriteAttributes = request.WriteAttributes;
        client.ExplicitAuthFlows = request.ExplicitAuthFlows;
        client.SupportedIdentityProviders = request.SupportedIdentityProviders;
        client.CallbackURLs = request.CallbackURLs;
        client.LogoutURLs = request.LogoutURLs;
        client.DefaultRedirectURI = request.DefaultRedirectURI;
        client.AllowedOAuthFlows = request.AllowedOAuthFlows;
        client.AllowedOAuthScopes = request.AllowedOAuthScopes;
        client.AllowedOAuthFlowsUserPoolClient = request.AllowedOAuthFlowsUserPoolClient ?? false;
        client.AnalyticsConfiguration = request.AnalyticsConfiguration;
        client.PreventUserExistenceErrors = request.PreventUserExistenceErrors ?? "LEGACY";
        client.EnableTokenRevocation = request.EnableTokenRevocation ?? true;
        client.EnablePropagateAdditionalUserContextData = request.EnablePropagateAdditionalUserContextData ?? false;
        client.AuthSessionValidity = request.AuthSessionValidity ?? 3;
        client.RefreshTokenRotation = request.RefreshTokenRotation;
        TokenLifetimes.ValidateSettings(client);
    }

    /// <summary>Every allowed OAuth scope must be standard or a scope of one of the pool's resource servers.</summary>
    public static Task CheckScopesAsync(IStoreSession session, UserPool pool, ClientSettingsRequest request, CognitoCall call) =>
        OAuthScopes.CheckExistAsync(session, pool.Id, request.AllowedOAuthScopes, call.CancellationToken);

    /// <summary>https anywhere; http only for localhost, 127.0.0.1 and [::1].</summary>
    public static bool IsAllowedRedirect(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Fragment.Length > 0)
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && uri.Host is "localhost" or "127.0.0.1" or "[::1]")
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != "javascript" && uri.Scheme != "data" && uri.Scheme != "file");
    }

    // AWS names neither the attribute nor the list position in this message.
    private static void CheckAttributes(UserPool pool, List<string>? names, string message)
    {
        foreach (var name in names ?? [])
        {
            if (pool.SchemaAttributes?.Any(s => s.Name == name) != true && name is not ("email_verified" or "phone_number_verified"))
            {
                throw CognitoException.InvalidParameter(message);
            }
        }
    }

    [GeneratedRegex(@"^[\w\s+=,.@-]+$")]
    private static partial Regex NamePattern();
}
