using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Gatehouse.Core;
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

        // ID and access tokens are JWS, three dot-separated parts; only refresh tokens can be revoked.
        if (request.Token!.Count(c => c == '.') == 2)
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
        if (client.ClientSecret is null)
        {
            return;
        }

        // Hashing first makes the comparison constant-time in the secret's length too.
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(secret ?? ""));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(client.ClientSecret));
        if (secret is null || !CryptographicOperations.FixedTimeEquals(given, expected))
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
