using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi;

/// <summary>AWS's AttributeType: <c>{"Name","Value"}</c>.</summary>
internal sealed class AttributeType
{
    public string? Name { get; set; }
    public string? Value { get; set; }
}

/// <summary>AWS's UserType, as ListUsers and AdminCreateUser return it.</summary>
internal sealed class UserType
{
    public string? Username { get; set; }
    public List<AttributeType>? Attributes { get; set; }
    public DateTimeOffset? UserCreateDate { get; set; }
    public DateTimeOffset? UserLastModifiedDate { get; set; }
    public bool Enabled { get; set; }
    public string? UserStatus { get; set; }

    public static UserType From(User user, IReadOnlyCollection<string>? only = null) => new()
    {
        Username = user.Username,
        Attributes = Shapes.Attributes(user, only),
        UserCreateDate = user.Created,
        UserLastModifiedDate = user.LastModified,
        Enabled = user.Enabled,
        UserStatus = user.Status,
    };
}

internal sealed class CodeDeliveryDetailsType
{
    public string? Destination { get; set; }
    public string? DeliveryMedium { get; set; }
    public string? AttributeName { get; set; }
}

internal sealed class AuthenticationResultType
{
    public string? AccessToken { get; set; }
    public int ExpiresIn { get; set; }
    public string? TokenType { get; set; }
    public string? RefreshToken { get; set; }
    public string? IdToken { get; set; }
    public NewDeviceMetadataType? NewDeviceMetadata { get; set; }
}

/// <summary>The device a sign-in registered, in a pool with a DeviceConfiguration.</summary>
internal sealed class NewDeviceMetadataType
{
    public string? DeviceKey { get; set; }
    public string? DeviceGroupKey { get; set; }
}

/// <summary>InitiateAuth, AdminInitiateAuth and both RespondToAuthChallenge actions answer with this shape.</summary>
internal sealed class AuthResponse
{
    public string? ChallengeName { get; set; }
    public string? Session { get; set; }
    public IReadOnlyDictionary<string, string>? ChallengeParameters { get; set; }
    public AuthenticationResultType? AuthenticationResult { get; set; }

    public static AuthResponse From(AuthOutcome outcome) => outcome.Tokens is { } tokens
        ? new AuthResponse
        {
            ChallengeParameters = new Dictionary<string, string>(),
            AuthenticationResult = new AuthenticationResultType
            {
                AccessToken = tokens.AccessToken,
                ExpiresIn = tokens.ExpiresIn,
                TokenType = "Bearer",
                RefreshToken = outcome.RefreshToken,
                IdToken = tokens.IdToken,
                NewDeviceMetadata = outcome.NewDevice is { } device
                    ? new NewDeviceMetadataType { DeviceKey = device.DeviceKey, DeviceGroupKey = device.DeviceGroupKey }
                    : null,
            },
        }
        : new AuthResponse { ChallengeName = outcome.ChallengeName, Session = outcome.Session, ChallengeParameters = outcome.ChallengeParameters };
}

internal static class Shapes
{
    public static List<AttributeType> Attributes(User user, IReadOnlyCollection<string>? only = null) =>
        user.Attributes
            .Where(a => only is null || only.Contains(a.Key))
            .Select(a => new AttributeType { Name = a.Key, Value = a.Value })
            .ToList();

    /// <summary>Validates a list of AttributeType from a request and returns it as name/value pairs.</summary>
    public static List<KeyValuePair<string, string>> Pairs(List<AttributeType>? attributes, string member)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < (attributes?.Count ?? 0); i++)
        {
            var attribute = attributes![i];
            new Validation()
                .Required(attribute.Name, $"{member}.{i + 1}.member.name")
                .Length(attribute.Name, 1, 32, $"{member}.{i + 1}.member.name")
                .Length(attribute.Value, 0, 2048, $"{member}.{i + 1}.member.value")
                .ThrowIfAny();
            pairs.Add(KeyValuePair.Create(attribute.Name!, attribute.Value ?? ""));
        }

        return pairs;
    }

    /// <summary>Where Cognito sends a code for a user: email when it has one, else SMS.</summary>
    public static (string Medium, string Destination, string Attribute)? Contact(User user, string? onlyAttribute = null)
    {
        if (onlyAttribute is null or "email" && user.Attribute("email") is { Length: > 0 } email)
        {
            return ("EMAIL", email, "email");
        }

        if (onlyAttribute is null or "phone_number" && user.Attribute("phone_number") is { Length: > 0 } phone)
        {
            return ("SMS", phone, "phone_number");
        }

        return null;
    }

    /// <summary>Cognito's masked destination; see <see cref="Core.Messaging.Destinations.Mask"/>.</summary>
    public static string Mask(string medium, string destination) => Core.Messaging.Destinations.Mask(medium, destination);

    /// <summary>Sends a verification code for sign-up, password reset or an attribute, and describes where it went.</summary>
    public static async Task<CodeDeliveryDetailsType?> SendCodeAsync(
        CognitoServices services, Core.Storage.IStoreSession session, CognitoCall call, UserPool pool, User user, string purpose,
        string? onlyAttribute = null)
    {
        var contact = Contact(user, onlyAttribute);
        if (contact is not { } c)
        {
            return null;
        }

        var code = await services.Codes.IssueAsync(session, pool.Id, user.Key, purpose, call.CancellationToken).ConfigureAwait(false);
        await services.SendAsync(session, call, user, c.Medium, c.Destination, MessageTemplates.Verification(pool, c.Medium, code, user.Username), code)
            .ConfigureAwait(false);
        return new CodeDeliveryDetailsType { Destination = Mask(c.Medium, c.Destination), DeliveryMedium = c.Medium, AttributeName = c.Attribute };
    }
}
