namespace Gatehouse.Core.UserPools;

/// <summary>A message ready for the outbox: subject (email only) and body with placeholders filled.</summary>
public sealed record RenderedMessage(string? Subject, string Body);

/// <summary>Picks and fills a pool's verification and invitation templates, with Cognito's defaults.</summary>
public static class MessageTemplates
{
    public const string DefaultVerificationMessage = "Your verification code is {####}. ";
    public const string DefaultVerificationSubject = "Your verification code";
    public const string DefaultInviteMessage = "Your username is {username} and temporary password is {####}. ";
    public const string DefaultInviteSubject = "Your temporary password";

    public static RenderedMessage Verification(UserPool pool, string medium, string code, string username)
    {
        var template = pool.VerificationMessageTemplate;
        return medium == "SMS"
            ? new(null, Fill(template?.SmsMessage ?? pool.SmsVerificationMessage ?? DefaultVerificationMessage, code, username))
            : new(
                template?.EmailSubject ?? pool.EmailVerificationSubject ?? DefaultVerificationSubject,
                Fill(template?.EmailMessage ?? pool.EmailVerificationMessage ?? DefaultVerificationMessage, code, username));
    }

    public static RenderedMessage Invitation(UserPool pool, string medium, string temporaryPassword, string username)
    {
        var template = pool.AdminCreateUserConfig?.InviteMessageTemplate;
        return medium == "SMS"
            ? new(null, Fill(template?.SMSMessage ?? DefaultInviteMessage, temporaryPassword, username))
            : new(template?.EmailSubject ?? DefaultInviteSubject, Fill(template?.EmailMessage ?? DefaultInviteMessage, temporaryPassword, username));
    }

    /// <summary>Rejects templates that lack the placeholders Cognito requires.</summary>
    public static void ValidateSettings(UserPool pool)
    {
        var template = pool.VerificationMessageTemplate;
        foreach (var (text, member) in new[]
        {
            (template?.EmailMessage ?? pool.EmailVerificationMessage, "EmailMessage"),
            (template?.SmsMessage ?? pool.SmsVerificationMessage, "SmsMessage"),
        })
        {
            if (text is not null && !text.Contains("{####}", StringComparison.Ordinal))
            {
                throw CognitoException.InvalidParameter($"{member} must contain the placeholder {{####}}.");
            }
        }

        var invite = pool.AdminCreateUserConfig?.InviteMessageTemplate;
        foreach (var text in new[] { invite?.EmailMessage, invite?.SMSMessage })
        {
            if (text is not null && (!text.Contains("{####}", StringComparison.Ordinal) || !text.Contains("{username}", StringComparison.Ordinal)))
            {
                throw CognitoException.InvalidParameter("The invite message must contain the placeholders {username} and {####}.");
            }
        }
    }

    private static string Fill(string template, string code, string username) =>
        template.Replace("{####}", code, StringComparison.Ordinal).Replace("{username}", username, StringComparison.Ordinal);
}
