using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class RevokeTokenRequest
{
    public string? Token { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public Dictionary<string, string>? ClientMetadata { get; set; }
}

internal sealed partial class RevokeToken(CognitoServices services) : CognitoAction<RevokeTokenRequest, Empty>
{
    protected override JsonTypeInfo<RevokeTokenRequest> RequestType => RevokeTokenJson.Default.RevokeTokenRequest;

    protected override JsonTypeInfo<Empty> ResponseType => RevokeTokenJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(RevokeTokenRequest request, CognitoCall call)
    {
        new Validation()
            .Required(request.Token, "token")
            .Pattern(request.Token, TokenPattern(), "token", sensitive: true)
            .Length(request.ClientSecret, 1, 64, "clientSecret", sensitive: true)
            .Pattern(request.ClientSecret, Patterns.ClientId(), "clientSecret", sensitive: true)
            .ThrowIfAny();
        AdminUserRequest.ValidateClientId(request.ClientId);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var client = await CognitoServices.ClientAsync(session, request.ClientId!, call).ConfigureAwait(false);
        Authenticate(client, request.ClientSecret);
        if (client.EnableTokenRevocation == false)
        {
            throw new CognitoException("UnsupportedOperationException", "Token revocation is not enabled for this app client.");
        }

        // Only refresh tokens can be revoked.
        if (RefreshTokens.IsJwt(request.Token!))
        {
            throw new CognitoException("UnsupportedTokenTypeException", "Only refresh tokens can be revoked.");
        }

        Grant grant;
        try
        {
            grant = await services.RefreshTokens.FindAsync(session, client, request.Token!, call.CancellationToken).ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.Type == "NotAuthorizedException")
        {
            throw new CognitoException("UnauthorizedException", e.Message);
        }

        await services.RefreshTokens.RevokeAsync(session, grant, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }

    private static void Authenticate(AppClient client, string? secret)
    {
        // A client without a secret ignores one sent; a client with one must be sent it.
        if (client.ClientSecret is not null && !ClientAuthentication.SecretMatches(client, secret))
        {
            throw new CognitoException("UnauthorizedException", $"Client {client.ClientId} is not authorized: the client secret is missing or wrong.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9-_=.]+$")]
    private static partial Regex TokenPattern();
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RevokeTokenRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class RevokeTokenJson : JsonSerializerContext;
