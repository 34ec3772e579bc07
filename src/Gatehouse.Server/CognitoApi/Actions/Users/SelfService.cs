using System.Security.Cryptography;
using System.Text;
using Gatehouse.Core;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

/// <summary>The response of the actions that send one code: ForgotPassword, ResendConfirmationCode, GetUserAttributeVerificationCode.</summary>
internal sealed class CodeDeliveryResponse
{
    public CodeDeliveryDetailsType? CodeDeliveryDetails { get; set; }
}

/// <summary>What the self-service user actions share beyond <see cref="Shapes"/>.</summary>
internal static class SelfService
{
    /// <summary>Cognito's UserNotFoundException for the unsigned self-service actions.</summary>
    public static CognitoException UserNotFound() => new("UserNotFoundException", "Username/client id combination not found.");

    public static CognitoException Disabled() => CognitoException.NotAuthorized("User is disabled.");

    /// <summary>
    /// The delivery a client that hides user existence reports for a user who does not exist: the same medium a real
    /// user would get, and a masked destination derived from the name so that asking twice answers the same.
    /// </summary>
    public static CodeDeliveryDetailsType FakeDelivery(UserPool pool, string username, string attribute)
    {
        var medium = attribute == "phone_number" ? "SMS" : "EMAIL";
        if ((medium == "EMAIL" && UserFactory.IsEmail(username)) || (medium == "SMS" && UserFactory.IsPhone(username)))
        {
            return new CodeDeliveryDetailsType { Destination = Shapes.Mask(medium, username), DeliveryMedium = medium, AttributeName = attribute };
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(pool.Id + "|" + username));
        var destination = medium == "SMS"
            ? "+1555" + string.Concat(hash.Take(7).Select(b => (char)('0' + (b % 10))))
            : $"{char.ToLowerInvariant(username[0])}@{(char)('a' + (hash[0] % 26))}.com";
        return new CodeDeliveryDetailsType { Destination = Shapes.Mask(medium, destination), DeliveryMedium = medium, AttributeName = attribute };
    }

    /// <summary>Sends a code for <paramref name="purpose"/> to an explicit address, such as an email change that is not yet applied.</summary>
    public static async Task<CodeDeliveryDetailsType> SendCodeToAsync(
        CognitoServices services, IStoreSession session, CognitoCall call, UserPool pool, User user, string purpose, string attribute, string destination)
    {
        var medium = attribute == "phone_number" ? "SMS" : "EMAIL";
        var code = await services.Codes.IssueAsync(session, pool.Id, user.Key, purpose, call.CancellationToken).ConfigureAwait(false);
        await services.SendAsync(session, call, user, medium, destination, MessageTemplates.Verification(pool, medium, code, user.Username), code)
            .ConfigureAwait(false);
        return new CodeDeliveryDetailsType { Destination = Shapes.Mask(medium, destination), DeliveryMedium = medium, AttributeName = attribute };
    }

    public static void ValidateAttributeName(string? name, string member = "attributeName") =>
        new Validation().Required(name, member).Length(name, 1, 32, member).Pattern(name, Patterns.Username(), member).ThrowIfAny();
}
