using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class VerifyUserAttributeRequest
{
    public string? AccessToken { get; set; }
    public string? AttributeName { get; set; }
    public string? Code { get; set; }
}

internal sealed class VerifyUserAttribute(CognitoServices services) : CognitoAction<VerifyUserAttributeRequest, Empty>
{
    protected override JsonTypeInfo<VerifyUserAttributeRequest> RequestType => VerifyUserAttributeJson.Default.VerifyUserAttributeRequest;

    protected override JsonTypeInfo<Empty> ResponseType => VerifyUserAttributeJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(VerifyUserAttributeRequest request, CognitoCall call)
    {
        new AccessTokenRequest { AccessToken = request.AccessToken }.Validate();
        SelfService.ValidateAttributeName(request.AttributeName);
        AdminUserRequest.ValidateCode(request.Code, "code");
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var signedIn = await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false);
        var (pool, user, name) = (signedIn.Pool, signedIn.User, request.AttributeName!);
        if (name is not ("email" or "phone_number"))
        {
            throw CognitoException.InvalidParameter("invalid attribute name. Only phone_number and email can be verified");
        }

        await services.Codes.VerifyAsync(session, pool.Id, user.Key, CodePurpose.Attribute(name), request.Code!, call.CancellationToken).ConfigureAwait(false);
        if (await PendingAttributes.GetAsync(session, user, name, services.Now, call.CancellationToken).ConfigureAwait(false) is { } pending)
        {
            user.Attributes[name] = pending;
            await PendingAttributes.DeleteAsync(session, user, name, call.CancellationToken).ConfigureAwait(false);
        }

        if (user.Attribute(name) is null)
        {
            throw CognitoException.InvalidParameter($"User does not have a value for the attribute {name}.");
        }

        await ConfirmSignUp.ClaimAliasAsync(session, pool, user, name, force: false, call).ConfigureAwait(false);
        user.Attributes[name + "_verified"] = "true";
        user.LastModified = services.Now;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VerifyUserAttributeRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class VerifyUserAttributeJson : JsonSerializerContext;
