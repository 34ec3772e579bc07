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
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var (pool, client) = await CognitoServices.PoolOfClientAsync(session, request.ClientId!, call).ConfigureAwait(false);
        SecretHash.Check(client, request.SecretHash, request.Username);
        if (pool.AdminCreateUserConfig?.AllowAdminCreateUserOnly == true)
        {
            throw CognitoException.NotAuthorized("SignUp is not permitted for this user pool");
        }

        AttributeRules.CheckWrite(pool, attributes, existing: null, admin: false);
        AttributeRules.CheckClientMayWrite(client, attributes.Select(a => a.Key));
        var user = UserFactory.Create(pool, request.Username!, attributes, services.Ids.NewUuid(), services.Now);
        AttributeRules.CheckRequired(pool, user.Attributes);
        PasswordPolicyRules.Check(pool, request.Password!);
        await EnsureNewAsync(session, pool, user, call).ConfigureAwait(false);

        user.Status = UserStatus.Unconfirmed;
        user.PasswordHash = passwordHash;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
        var delivery = await SendConfirmationAsync(services, session, call, pool, user).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new SignUpResponse { UserConfirmed = false, CodeDeliveryDetails = delivery, UserSub = user.Sub };
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
        var autoVerified = pool.AutoVerifiedAttributes ?? [];
        var attribute = autoVerified.Contains("email") && user.Attribute("email") is not null ? "email"
            : autoVerified.Contains("phone_number") && user.Attribute("phone_number") is not null ? "phone_number"
            : null;
        return attribute is null
            ? null
            : await Shapes.SendCodeAsync(services, session, call, pool, user, CodePurpose.SignUp, attribute).ConfigureAwait(false);
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SignUpRequest))]
[JsonSerializable(typeof(SignUpResponse))]
internal sealed partial class SignUpJson : JsonSerializerContext;
