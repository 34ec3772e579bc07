using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Functions;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class ForgotPasswordRequest : ClientUserRequest
{
    public JsonElement? AnalyticsMetadata { get; set; }
    public JsonElement? UserContextData { get; set; }
}

internal sealed class ForgotPassword(CognitoServices services) : CognitoAction<ForgotPasswordRequest, CodeDeliveryResponse>
{
    private const string NoRecoveryContact = "Cannot reset password for the user as there is no registered/verified email or phone_number";

    protected override JsonTypeInfo<ForgotPasswordRequest> RequestType => ForgotPasswordJson.Default.ForgotPasswordRequest;

    protected override JsonTypeInfo<CodeDeliveryResponse> ResponseType => ForgotPasswordJson.Default.CodeDeliveryResponse;

    protected override async Task<CodeDeliveryResponse> HandleAsync(ForgotPasswordRequest request, CognitoCall call)
    {
        request.Validate();
        UserPool? migrateIn = null;
        await LifecycleTriggers.PrepareMessageAsync(services, call, "CustomMessage_ForgotPassword", request.ClientMetadata, async read =>
        {
            var (pool, client) = await CognitoServices.PoolOfClientAsync(read, request.ClientId!, call).ConfigureAwait(false);
            var user = await UserLookup.FindAsync(read, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
            SecretHash.Check(client, request.SecretHash, request.Username, user?.Username);
            migrateIn = user is null && CognitoTriggers.Has(pool, "UserMigration") ? pool : null;
            return (pool, user is { Enabled: true } ? user : null, client.ClientId);
        }).ConfigureAwait(false);

        // A user the pool does not know may still be in the directory the pool migrates from.
        if (migrateIn is not null
            && await LifecycleTriggers.MigrateAsync(services, call, migrateIn, request.ClientId!, request.Username!, null, request.ClientMetadata).ConfigureAwait(false) is { } migrated)
        {
            await LifecycleTriggers.PrepareMessageAsync(services, call, migrateIn, migrated, "CustomMessage_ForgotPassword", request.ClientId, request.ClientMetadata)
                .ConfigureAwait(false);
        }

        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var (pool, client) = await CognitoServices.PoolOfClientAsync(session, request.ClientId!, call).ConfigureAwait(false);
        var user = await UserLookup.FindAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
        SecretHash.Check(client, request.SecretHash, request.Username, user?.Username);
        if (user is null)
        {
            if (!client.HidesUserExistence)
            {
                throw SelfService.UserNotFound();
            }

            var attribute = AccountRecovery.Attributes(pool).FirstOrDefault()
                ?? throw CognitoException.InvalidParameter(NoRecoveryContact);
            return new CodeDeliveryResponse { CodeDeliveryDetails = SelfService.FakeDelivery(pool, request.Username!, attribute) };
        }

        if (!user.Enabled)
        {
            throw SelfService.Disabled();
        }

        var contact = AccountRecovery.ContactAttribute(pool, user) ?? throw CognitoException.InvalidParameter(NoRecoveryContact);
        await CodeRequestLimit.CountAsync(session, pool.Id, user.Key, CodePurpose.ForgotPassword, services.Now, call.CancellationToken).ConfigureAwait(false);
        var delivery = await Shapes.SendCodeAsync(services, session, call, pool, user, CodePurpose.ForgotPassword, contact).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new CodeDeliveryResponse { CodeDeliveryDetails = delivery };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ForgotPasswordRequest))]
[JsonSerializable(typeof(CodeDeliveryResponse))]
internal sealed partial class ForgotPasswordJson : JsonSerializerContext;
