using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class DeleteUserAttributesRequest
{
    public string? AccessToken { get; set; }
    public List<string>? UserAttributeNames { get; set; }
}

internal sealed class DeleteUserAttributes(CognitoServices services) : CognitoAction<DeleteUserAttributesRequest, Empty>
{
    protected override JsonTypeInfo<DeleteUserAttributesRequest> RequestType => DeleteUserAttributesJson.Default.DeleteUserAttributesRequest;

    protected override JsonTypeInfo<Empty> ResponseType => DeleteUserAttributesJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(DeleteUserAttributesRequest request, CognitoCall call)
    {
        new AccessTokenRequest { AccessToken = request.AccessToken }.Validate();
        new Validation().Required(request.UserAttributeNames, "userAttributeNames").ThrowIfAny();
        var names = request.UserAttributeNames!;
        foreach (var name in names)
        {
            SelfService.ValidateAttributeName(name, "userAttributeNames.member");
        }

        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var signedIn = await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false);
        var user = signedIn.User;
        AttributeRules.CheckDelete(signedIn.Pool, names, user);
        if (signedIn.Client is { } client)
        {
            AttributeRules.CheckClientMayWrite(client, names);
        }

        AttributeRules.CheckUserMayWriteVerified(signedIn.Client, names);
        foreach (var name in names)
        {
            user.Attributes.Remove(name);
            if (name is "email" or "phone_number")
            {
                // Nothing is left to be verified, nor to verify a pending change against.
                user.Attributes.Remove(name + "_verified");
                await PendingAttributes.DeleteAsync(session, user, name, call.CancellationToken).ConfigureAwait(false);
            }
        }

        user.LastModified = services.Now;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeleteUserAttributesRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class DeleteUserAttributesJson : JsonSerializerContext;
