using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class ConfirmSignUpRequest : ClientUserRequest
{
    public string? ConfirmationCode { get; set; }
    public bool? ForceAliasCreation { get; set; }
    public JsonElement? AnalyticsMetadata { get; set; }
    public JsonElement? UserContextData { get; set; }
    public string? Session { get; set; }
}

internal sealed class ConfirmSignUpResponse
{
    public string? Session { get; set; }
}

internal sealed class ConfirmSignUp(CognitoServices services) : CognitoAction<ConfirmSignUpRequest, ConfirmSignUpResponse>
{
    protected override JsonTypeInfo<ConfirmSignUpRequest> RequestType => ConfirmSignUpJson.Default.ConfirmSignUpRequest;

    protected override JsonTypeInfo<ConfirmSignUpResponse> ResponseType => ConfirmSignUpJson.Default.ConfirmSignUpResponse;

    protected override async Task<ConfirmSignUpResponse> HandleAsync(ConfirmSignUpRequest request, CognitoCall call)
    {
        request.Validate();
        AdminUserRequest.ValidateCode(request.ConfirmationCode);
        UserPool pool;
        User user;
        await using (var session = await services.WriteAsync(call).ConfigureAwait(false))
        {
            (pool, var client) = await CognitoServices.PoolOfClientAsync(session, request.ClientId!, call).ConfigureAwait(false);
            var found = await UserLookup.FindAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
            SecretHash.Check(client, request.SecretHash, request.Username, found?.Username);
            if (found is null)
            {
                throw client.HidesUserExistence
                    ? new CognitoException("CodeMismatchException", "Invalid verification code provided, please try again.")
                    : CognitoException.UserNotFound();
            }

            user = found;

            if (user.Status != UserStatus.Unconfirmed)
            {
                throw CognitoException.NotAuthorized($"User cannot be confirmed. Current status is {user.Status}");
            }

            await services.Codes.VerifyAsync(session, pool.Id, user.Key, CodePurpose.SignUp, request.ConfirmationCode!, call.CancellationToken).ConfigureAwait(false);
            foreach (var attribute in (pool.AutoVerifiedAttributes ?? []).Where(a => user.Attribute(a) is not null))
            {
                await ClaimAliasAsync(session, pool, user, attribute, request.ForceAliasCreation == true, call).ConfigureAwait(false);
                user.Attributes[attribute + "_verified"] = "true";
            }

            user.Status = UserStatus.Confirmed;
            user.LastModified = services.Now;
            await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
            await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        }

        await LifecycleTriggers.PostConfirmationAsync(services, pool, user, "PostConfirmation_ConfirmSignUp", request.ClientId, request.ClientMetadata, call.CancellationToken)
            .ConfigureAwait(false);
        return new ConfirmSignUpResponse();
    }

    /// <summary>
    /// A verified alias belongs to one user: AliasExistsException, or with ForceAliasCreation the alias moves here
    /// and the previous holder's copy becomes unverified.
    /// </summary>
    internal static async Task ClaimAliasAsync(IStoreSession session, UserPool pool, User user, string attribute, bool force, CognitoCall call)
    {
        if (pool.AliasAttributes?.Contains(attribute) != true)
        {
            return;
        }

        var holder = await UserLookup.OtherHolderAsync(session, pool, attribute, user.Attribute(attribute)!, user.Key, call.CancellationToken).ConfigureAwait(false);
        if (holder is null)
        {
            return;
        }

        if (!force)
        {
            throw new CognitoException("AliasExistsException", $"An account with the given {(attribute == "phone_number" ? "phone number" : attribute)} already exists.");
        }

        holder.Attributes[attribute + "_verified"] = "false";
        await session.SaveUserAsync(holder, call.CancellationToken).ConfigureAwait(false);
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConfirmSignUpRequest))]
[JsonSerializable(typeof(ConfirmSignUpResponse))]
internal sealed partial class ConfirmSignUpJson : JsonSerializerContext;
