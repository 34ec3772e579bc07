using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class SignUpRequest : ClientUserRequest
{
    public string? Password { get; set; }
    public List<AttributeType>? UserAttributes { get; set; }
    public List<AttributeType>? ValidationData { get; set; }
    public JsonElement? AnalyticsMetadata { get; set; }
    public JsonElement? UserContextData { get; set; }
}

internal sealed class SignUpResponse
{
    public bool UserConfirmed { get; set; }
    public CodeDeliveryDetailsType? CodeDeliveryDetails { get; set; }
    public string? UserSub { get; set; }
}

internal sealed class SignUp(CognitoServices services) : CognitoAction<SignUpRequest, SignUpResponse>
{
    protected override JsonTypeInfo<SignUpRequest> RequestType => SignUpJson.Default.SignUpRequest;

    protected override JsonTypeInfo<SignUpResponse> ResponseType => SignUpJson.Default.SignUpResponse;

    protected override async Task<SignUpResponse> HandleAsync(SignUpRequest request, CognitoCall call)
    {
        request.Validate();
        AdminUserRequest.ValidatePassword(request.Password);
        var attributes = Shapes.Pairs(request.UserAttributes, "userAttributes");
        Shapes.Pairs(request.ValidationData, "validationData");

        var passwordHash = services.Hasher.Hash(request.Password!);
        UserPool pool;
        User user;
        await using (var read = await services.ReadAsync(call).ConfigureAwait(false))
        {
            (pool, user) = await CheckAsync(read, request, attributes, call).ConfigureAwait(false);
        }

        // The functions run before the write session, which re-checks what they may have raced with.
        var decision = await LifecycleTriggers.PreSignUpAsync(
            services, pool, user, "PreSignUp_SignUp", request.ClientId, attributes, Shapes.Pairs(request.ValidationData, "validationData"),
            request.ClientMetadata, call.CancellationToken).ConfigureAwait(false);
        if (decision.AutoConfirm)
        {
            user.Status = UserStatus.Confirmed;
            ApplyAutoVerify(user, decision);
        }
        else
        {
            user.Status = UserStatus.Unconfirmed;
            if (ConfirmationAttribute(pool, user) is not null)
            {
                await LifecycleTriggers.PrepareMessageAsync(services, call, pool, user, "CustomMessage_SignUp", request.ClientId, request.ClientMetadata)
                    .ConfigureAwait(false);
            }
        }

        services.Credentials.Set(user, passwordHash, request.Password!);
        CodeDeliveryDetailsType? delivery = null;
        await using (var session = await services.WriteAsync(call).ConfigureAwait(false))
        {
            (pool, _) = await CheckAsync(session, request, attributes, call, user).ConfigureAwait(false);
            foreach (var verified in new[] { "email", "phone_number" }.Where(a => user.Attribute(a + "_verified") == "true"))
            {
                await ConfirmSignUp.ClaimAliasAsync(session, pool, user, verified, force: false, call).ConfigureAwait(false);
            }

            await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
            if (!decision.AutoConfirm)
            {
                delivery = await SendConfirmationAsync(services, session, call, pool, user).ConfigureAwait(false);
            }

            await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        }

        if (decision.AutoConfirm)
        {
            // Cognito runs PostConfirmation for a user that PreSignUp confirmed, as for one confirmed with a code.
            await LifecycleTriggers.PostConfirmationAsync(services, pool, user, "PostConfirmation_ConfirmSignUp", request.ClientId, request.ClientMetadata, call.CancellationToken)
                .ConfigureAwait(false);
        }

        return new SignUpResponse { UserConfirmed = decision.AutoConfirm, CodeDeliveryDetails = delivery, UserSub = user.Sub };
    }

    /// <summary>Marks the contacts PreSignUp asked to verify as verified.</summary>
    internal static void ApplyAutoVerify(User user, PreSignUpAnswer decision)
    {
        if (decision.VerifyEmail)
        {
            user.Attributes["email_verified"] = "true";
        }

        if (decision.VerifyPhone)
        {
            user.Attributes["phone_number_verified"] = "true";
        }
    }

    /// <summary>
    /// Every check SignUp makes against the store, done once before the functions run and again in the write
    /// session; the user is built the first time and checked for uniqueness both times.
    /// </summary>
    private async Task<(UserPool Pool, User User)> CheckAsync(
        Core.Storage.IStoreSession session, SignUpRequest request, List<KeyValuePair<string, string>> attributes, CognitoCall call, User? built = null)
    {
        var (pool, client) = await CognitoServices.PoolOfClientAsync(session, request.ClientId!, call).ConfigureAwait(false);
        SecretHash.Check(client, request.SecretHash, request.Username);
        if (pool.AdminCreateUserConfig?.AllowAdminCreateUserOnly == true)
        {
            throw CognitoException.NotAuthorized("SignUp is not permitted for this user pool");
        }

        AttributeRules.CheckWrite(pool, attributes, existing: null, admin: false);
        AttributeRules.CheckClientMayWrite(client, attributes.Select(a => a.Key));
        var user = built ?? UserFactory.Create(pool, request.Username!, attributes, services.Ids.NewUuid(), services.Now);
        if (built is null)
        {
            AttributeRules.CheckRequired(pool, user.Attributes);
            PasswordPolicyRules.Check(pool, request.Password!);
        }

        await EnsureNewAsync(session, pool, user, call).ConfigureAwait(false);
        return (pool, user);
    }

    /// <summary>UsernameExistsException when the name, or the email or phone it signs in with, is taken.</summary>
    internal static async Task EnsureNewAsync(Core.Storage.IStoreSession session, UserPool pool, User user, CognitoCall call, string message = "User already exists")
    {
        if (await session.GetUserAsync(pool.Id, user.Key, call.CancellationToken).ConfigureAwait(false) is not null)
        {
            throw new CognitoException("UsernameExistsException", message);
        }

        foreach (var attribute in pool.UsernameAttributes ?? [])
        {
            if (user.Attribute(attribute) is { } value
                && await UserLookup.OtherHolderAsync(session, pool, attribute, value, user.Key, call.CancellationToken).ConfigureAwait(false) is not null)
            {
                throw new CognitoException("UsernameExistsException", $"An account with the given {attribute} already exists.");
            }
        }
    }

    /// <summary>Sends the sign-up code to the first auto-verified attribute the user has, as Cognito does.</summary>
    internal static async Task<CodeDeliveryDetailsType?> SendConfirmationAsync(
        CognitoServices services, Core.Storage.IStoreSession session, CognitoCall call, UserPool pool, User user)
    {
        var attribute = ConfirmationAttribute(pool, user);
        return attribute is null
            ? null
            : await Shapes.SendCodeAsync(services, session, call, pool, user, CodePurpose.SignUp, attribute).ConfigureAwait(false);
    }

    /// <summary>The attribute a sign-up code goes to: the first auto-verified one the user has, or null.</summary>
    internal static string? ConfirmationAttribute(UserPool pool, User user)
    {
        var autoVerified = pool.AutoVerifiedAttributes ?? [];
        return autoVerified.Contains("email") && user.Attribute("email") is not null ? "email"
            : autoVerified.Contains("phone_number") && user.Attribute("phone_number") is not null ? "phone_number"
            : null;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SignUpRequest))]
[JsonSerializable(typeof(SignUpResponse))]
internal sealed partial class SignUpJson : JsonSerializerContext;
