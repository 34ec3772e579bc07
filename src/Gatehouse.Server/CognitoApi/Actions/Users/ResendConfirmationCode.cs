using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class ResendConfirmationCodeRequest : ClientUserRequest
{
    public JsonElement? AnalyticsMetadata { get; set; }
    public JsonElement? UserContextData { get; set; }
}

internal sealed class ResendConfirmationCode(CognitoServices services) : CognitoAction<ResendConfirmationCodeRequest, CodeDeliveryResponse>
{
    protected override JsonTypeInfo<ResendConfirmationCodeRequest> RequestType => ResendConfirmationCodeJson.Default.ResendConfirmationCodeRequest;

    protected override JsonTypeInfo<CodeDeliveryResponse> ResponseType => ResendConfirmationCodeJson.Default.CodeDeliveryResponse;

    protected override async Task<CodeDeliveryResponse> HandleAsync(ResendConfirmationCodeRequest request, CognitoCall call)
    {
        request.Validate();
        await LifecycleTriggers.PrepareMessageAsync(services, call, "CustomMessage_ResendCode", request.ClientMetadata, async read =>
        {
            var (pool, client) = await CognitoServices.PoolOfClientAsync(read, request.ClientId!, call).ConfigureAwait(false);
            var user = await UserLookup.FindAsync(read, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
            SecretHash.Check(client, request.SecretHash, request.Username, user?.Username);
            return (pool, user is { Enabled: true, Status: UserStatus.Unconfirmed } ? user : null, client.ClientId);
        }).ConfigureAwait(false);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var (pool, client) = await CognitoServices.PoolOfClientAsync(session, request.ClientId!, call).ConfigureAwait(false);
        var user = await UserLookup.FindAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
        SecretHash.Check(client, request.SecretHash, request.Username, user?.Username);
        var autoVerified = pool.AutoVerifiedAttributes ?? [];
        if (autoVerified.Count == 0)
        {
            throw NotAutoVerified();
        }

        if (user is null)
        {
            if (!client.HidesUserExistence)
            {
                throw SelfService.UserNotFound();
            }

            var attribute = autoVerified.Contains("email") ? "email" : "phone_number";
            return new CodeDeliveryResponse { CodeDeliveryDetails = SelfService.FakeDelivery(pool, request.Username!, attribute) };
        }

        if (!user.Enabled)
        {
            throw SelfService.Disabled();
        }

        if (user.Status != UserStatus.Unconfirmed)
        {
            throw CognitoException.InvalidParameter("User is already confirmed.");
        }

        if (!autoVerified.Any(a => user.Attribute(a) is not null))
        {
            throw NotAutoVerified();
        }

        await CodeRequestLimit.CountAsync(session, pool.Id, user.Key, CodePurpose.SignUp, services.Now, call.CancellationToken).ConfigureAwait(false);
        var delivery = await SignUp.SendConfirmationAsync(services, session, call, pool, user).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new CodeDeliveryResponse { CodeDeliveryDetails = delivery };
    }

    private static CognitoException NotAutoVerified() => CognitoException.InvalidParameter("Cannot resend codes. Auto verification not turned on.");
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ResendConfirmationCodeRequest))]
[JsonSerializable(typeof(CodeDeliveryResponse))]
internal sealed partial class ResendConfirmationCodeJson : JsonSerializerContext;
