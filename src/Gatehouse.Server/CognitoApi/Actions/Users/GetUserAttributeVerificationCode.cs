using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class GetUserAttributeVerificationCodeRequest
{
    public string? AccessToken { get; set; }
    public string? AttributeName { get; set; }
    public Dictionary<string, string>? ClientMetadata { get; set; }
}

internal sealed class GetUserAttributeVerificationCode(CognitoServices services)
    : CognitoAction<GetUserAttributeVerificationCodeRequest, CodeDeliveryResponse>
{
    protected override JsonTypeInfo<GetUserAttributeVerificationCodeRequest> RequestType =>
        GetUserAttributeVerificationCodeJson.Default.GetUserAttributeVerificationCodeRequest;

    protected override JsonTypeInfo<CodeDeliveryResponse> ResponseType => GetUserAttributeVerificationCodeJson.Default.CodeDeliveryResponse;

    protected override async Task<CodeDeliveryResponse> HandleAsync(GetUserAttributeVerificationCodeRequest request, CognitoCall call)
    {
        new AccessTokenRequest { AccessToken = request.AccessToken }.Validate();
        SelfService.ValidateAttributeName(request.AttributeName);
        await LifecycleTriggers.PrepareMessageAsync(services, call, "CustomMessage_VerifyUserAttribute", request.ClientMetadata, async read =>
        {
            var signedIn = await services.SignedInAsync(read, request.AccessToken, call).ConfigureAwait(false);
            return (signedIn.Pool, request.AttributeName is "email" or "phone_number" ? signedIn.User : null, signedIn.Client?.ClientId);
        }).ConfigureAwait(false);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var signedIn = await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false);
        var (pool, user, name) = (signedIn.Pool, signedIn.User, request.AttributeName!);
        if (name is not ("email" or "phone_number"))
        {
            throw CognitoException.InvalidParameter("invalid attribute name. Only phone_number and email can be verified");
        }

        // A change that waits for verification is what the code is for; otherwise the current value is re-verified.
        var destination = await PendingAttributes.GetAsync(session, user, name, services.Now, call.CancellationToken).ConfigureAwait(false)
            ?? user.Attribute(name)
            ?? throw CognitoException.InvalidParameter($"User does not have a value for the attribute {name}.");
        await CodeRequestLimit.CountAsync(session, pool.Id, user.Key, CodePurpose.Attribute(name), services.Now, call.CancellationToken).ConfigureAwait(false);
        var delivery = await SelfService.SendCodeToAsync(services, session, call, pool, user, CodePurpose.Attribute(name), name, destination).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new CodeDeliveryResponse { CodeDeliveryDetails = delivery };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GetUserAttributeVerificationCodeRequest))]
[JsonSerializable(typeof(CodeDeliveryResponse))]
internal sealed partial class GetUserAttributeVerificationCodeJson : JsonSerializerContext;
