using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Json;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class AdminCreateUserRequest : AdminUserRequest
{
    public List<AttributeType>? UserAttributes { get; set; }
    public List<AttributeType>? ValidationData { get; set; }
    public string? TemporaryPassword { get; set; }
    public bool? ForceAliasCreation { get; set; }
    public string? MessageAction { get; set; }
    public List<string>? DesiredDeliveryMediums { get; set; }
    public Dictionary<string, string>? ClientMetadata { get; set; }
}

internal sealed class AdminCreateUserResponse
{
    public UserType? User { get; set; }
}

internal sealed class AdminCreateUser(CognitoServices services) : CognitoAction<AdminCreateUserRequest, AdminCreateUserResponse>
{
    protected override JsonTypeInfo<AdminCreateUserRequest> RequestType => AdminCreateUserJson.Default.AdminCreateUserRequest;

    protected override JsonTypeInfo<AdminCreateUserResponse> ResponseType => AdminCreateUserJson.Default.AdminCreateUserResponse;

    protected override async Task<AdminCreateUserResponse> HandleAsync(AdminCreateUserRequest request, CognitoCall call)
    {
        request.Validate();
        var validation = new Validation().OneOf(request.MessageAction, ["RESEND", "SUPPRESS"], "messageAction");
        foreach (var medium in request.DesiredDeliveryMediums ?? [])
        {
            validation.OneOf(medium, ["SMS", "EMAIL"], "desiredDeliveryMediums.member");
        }

        validation.ThrowIfAny();
        if (request.TemporaryPassword is not null)
        {
            AdminUserRequest.ValidatePassword(request.TemporaryPassword, "temporaryPassword");
        }

        var attributes = Shapes.Pairs(request.UserAttributes, "userAttributes");
        // The temporary password is made and hashed before the write transaction, which must not wait on PBKDF2;
        // the functions run before it too, on the user as it will be created.
        string temporary;
        UserPool pool;
        User? created = null;
        User? invited = null;
        await using (var read = await services.ReadAsync(call).ConfigureAwait(false))
        {
            pool = await CognitoServices.PoolAsync(read, request.UserPoolId!, call).ConfigureAwait(false);
            temporary = request.TemporaryPassword ?? services.Ids.NewTemporaryPassword(pool.Policies?.PasswordPolicy?.MinimumLength ?? 8);
            if (request.MessageAction == "RESEND")
            {
                invited = await UserLookup.FindAsync(read, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
            }
            else
            {
                AttributeRules.CheckWrite(pool, attributes, existing: null, admin: true);
                created = UserFactory.Create(pool, request.Username!, attributes, services.Ids.NewUuid(), services.Now);
                await SignUp.EnsureNewAsync(read, pool, created, call, "User account already exists").ConfigureAwait(false);
                PasswordPolicyRules.Check(pool, temporary);
            }
        }

        if (created is not null)
        {
            // Cognito ignores the PreSignUp answer here: an administrator's user always starts in FORCE_CHANGE_PASSWORD.
            await LifecycleTriggers.PreSignUpAsync(
                services, pool, created, "PreSignUp_AdminCreateUser", null, attributes, Shapes.Pairs(request.ValidationData, "validationData"),
                request.ClientMetadata, call.CancellationToken).ConfigureAwait(false);
        }

        if (request.MessageAction != "SUPPRESS" && (created ?? invited) is { } recipient)
        {
            await LifecycleTriggers.PrepareMessageAsync(services, call, pool, recipient, "CustomMessage_AdminCreateUser", null, request.ClientMetadata)
                .ConfigureAwait(false);
        }

        var temporaryHash = services.Hasher.Hash(temporary);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        User user;
        if (request.MessageAction == "RESEND")
        {
            user = await UserLookup.GetAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
            if (user.Status != UserStatus.ForceChangePassword)
            {
                throw new CognitoException("UnsupportedUserStateException", "Resend not possible. " + user.Username + " status is not FORCE_CHANGE_PASSWORD");
            }
        }
        else
        {
            AttributeRules.CheckWrite(pool, attributes, existing: null, admin: true);
            user = created!;
            await SignUp.EnsureNewAsync(session, pool, user, call, "User account already exists").ConfigureAwait(false);
            foreach (var verified in new[] { "email", "phone_number" }.Where(a => user.Attribute(a + "_verified") == "true" && user.Attribute(a) is not null))
            {
                await ConfirmSignUp.ClaimAliasAsync(session, pool, user, verified, request.ForceAliasCreation == true, call).ConfigureAwait(false);
            }
        }

        var policy = pool.Policies?.PasswordPolicy;
        PasswordPolicyRules.Check(pool, temporary);
        services.Credentials.Set(user, temporaryHash, temporary);
        user.Status = UserStatus.ForceChangePassword;
        user.TemporaryPasswordExpires = services.Now + TimeSpan.FromDays(policy?.TemporaryPasswordValidityDays ?? pool.AdminCreateUserConfig?.UnusedAccountValidityDays ?? 7);
        user.LastModified = services.Now;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);

        if (request.MessageAction != "SUPPRESS")
        {
            await InviteAsync(session, call, pool, user, temporary, request.DesiredDeliveryMediums).ConfigureAwait(false);
        }

        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new AdminCreateUserResponse { User = UserType.From(user) };
    }

    // AWS defaults to SMS; sending nowhere beats failing when the user has no phone, so an unstated medium
    // falls back to whichever contact the user has.
    private async Task InviteAsync(Core.Storage.IStoreSession session, CognitoCall call, UserPool pool, User user, string temporary, List<string>? mediums)
    {
        var wanted = mediums is { Count: > 0 } ? mediums : user.Attribute("phone_number") is not null ? ["SMS"] : ["EMAIL"];
        foreach (var medium in wanted.Distinct())
        {
            var destination = user.Attribute(medium == "SMS" ? "phone_number" : "email");
            if (destination is null)
            {
                if (mediums is { Count: > 0 })
                {
                    throw CognitoException.InvalidParameter(medium == "SMS"
                        ? "User has no phone_number attribute to send the invitation to."
                        : "User has no email attribute to send the invitation to.");
                }

                continue;
            }

            var message = MessageTemplates.Invitation(pool, medium, temporary, user.Username);
            await services.SendAsync(session, call, user, medium, destination, message, temporary, codeIsPassword: true).ConfigureAwait(false);
        }
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(AdminCreateUserRequest))]
[JsonSerializable(typeof(AdminCreateUserResponse))]
internal sealed partial class AdminCreateUserJson : JsonSerializerContext;
