using System.Text.RegularExpressions;
using Gatehouse.Core;

namespace Gatehouse.Server.HostedUi;

/// <summary>
/// Cognito's exceptions in the words its hosted UI uses, and the form fields they are about. The messages come
/// from Core's rules; this only picks the words and never echoes a password (validation messages that quote a
/// value are replaced, not shown).
/// </summary>
internal static partial class ErrorMessages
{
    public const string IncorrectCredentials = "Incorrect username or password.";

    // NotAuthorizedException messages that already speak to the user; any other (a secret hash, a client setting)
    // is about the app, not them.
    private static readonly string[] HumanNotAuthorized =
    [
        "Password attempts exceeded", "User is disabled.", "Temporary password has expired and must be reset by an administrator.",
        "SignUp is not permitted for this user pool",
    ];

    public static PageError Describe(CognitoException error, IReadOnlyList<Field> fields)
    {
        string[] On(params string[] names) => [.. names.Where(n => fields.Any(f => f.Name == n))];

        return error.Type switch
        {
            "NotAuthorizedException" when HumanNotAuthorized.Contains(error.Message) => new(error.Message, On("username", "password")),
            "NotAuthorizedException" when error.Message.StartsWith("User cannot be confirmed", StringComparison.Ordinal) =>
                new("This account is already confirmed. Sign in instead.", On("code")),
            "NotAuthorizedException" when error.Message.StartsWith("Invalid session", StringComparison.Ordinal) =>
                new("Your session has expired. Please sign in again."),
            "NotAuthorizedException" => new(IncorrectCredentials, On("username", "password")),
            "UserNotFoundException" => new("User does not exist.", On("username")),
            "UsernameExistsException" => error.Message.StartsWith("An account with the given", StringComparison.Ordinal)
                ? new(error.Message, On("username", "email"))
                : new("An account with the given username already exists.", On("username")),
            "AliasExistsException" => new(error.Message, On("email", "phone_number", "username")),
            "InvalidPasswordException" => new(error.Message, On("password", "newPassword")),
            "CodeMismatchException" or "EnableSoftwareTokenMFAException" => new("Invalid verification code provided, please try again.", On("code")),
            "ExpiredCodeException" => new("Invalid code provided, please request a code again.", On("code")),
            "TooManyFailedAttemptsException" => new("Too many failed attempts. Request a new code.", On("code")),
            "LimitExceededException" or "TooManyRequestsException" => new("Attempt limit exceeded, please try after some time."),
            "UserNotConfirmedException" => new("User is not confirmed."),
            "PasswordResetRequiredException" => new("Password reset required for the user. Use \"Forgot your password?\" to choose a new one."),
            "InvalidParameterException" => InvalidParameter(error.Message, fields),
            _ => new(error.Message),
        };
    }

    // AWS's validation messages ("1 validation error detected: Value '...' at 'username' failed to satisfy ...")
    // name the member that was wrong: the field says it in plain words instead.
    private static PageError InvalidParameter(string message, IReadOnlyList<Field> fields)
    {
        if (ValidationMember().Match(message) is { Success: true } match)
        {
            var member = match.Groups[1].Value;
            var field = fields.FirstOrDefault(f => member.Equals(f.Name, StringComparison.OrdinalIgnoreCase)
                || (member == "confirmationCode" && f.Name == "code")
                || (member.StartsWith("userAttributes", StringComparison.Ordinal) && f.Name != "username" && f.Name != "password"));
            return field is null
                ? new("Some of the information entered is not valid.")
                : new($"Enter a valid {field.Label.ToLowerInvariant()}.", field.Name);
        }

        // "Invalid email address format.", "Attributes did not conform to the schema: name: ...": point at the field named.
        var named = fields.FirstOrDefault(f => Regex.IsMatch(message, $@"\b{Regex.Escape(f.Name)}\b", RegexOptions.None, TimeSpan.FromSeconds(1))
            || (f.Name == "phone_number" && message.Contains("phone number", StringComparison.Ordinal)));
        if (named is null && message.StartsWith("Username should be", StringComparison.Ordinal))
        {
            named = fields.FirstOrDefault(f => f.Name == "username");
        }

        return named is null ? new(message) : new(message, named.Name);
    }

    [GeneratedRegex(@"validation errors? detected: .*? at '([A-Za-z0-9_.:]+)'")]
    private static partial Regex ValidationMember();
}
