namespace Gatehouse.Core.UserPools;

/// <summary>Enforces a pool's password policy with AWS's InvalidPasswordException messages.</summary>
public static class PasswordPolicyRules
{
    private const string Symbols = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

    public static PasswordPolicy Default() => new()
    {
        MinimumLength = 8,
        RequireUppercase = true,
        RequireLowercase = true,
        RequireNumbers = true,
        RequireSymbols = true,
        TemporaryPasswordValidityDays = 7,
    };

    public static void Check(UserPool pool, string password)
    {
        var policy = pool.Policies?.PasswordPolicy ?? Default();
        string? problem = null;
        if (password.Length < (policy.MinimumLength ?? 8))
        {
            problem = "Password not long enough";
        }
        else if (policy.RequireLowercase == true && !password.Any(char.IsLower))
        {
            problem = "Password must have lowercase characters";
        }
        else if (policy.RequireUppercase == true && !password.Any(char.IsUpper))
        {
            problem = "Password must have uppercase characters";
        }
        else if (policy.RequireNumbers == true && !password.Any(char.IsAsciiDigit))
        {
            problem = "Password must have numeric characters";
        }
        else if (policy.RequireSymbols == true && !password.Any(c => Symbols.Contains(c, StringComparison.Ordinal)))
        {
            problem = "Password must have symbol characters";
        }

        if (problem is not null)
        {
            throw new CognitoException("InvalidPasswordException", $"Password did not conform with policy: {problem}");
        }
    }

    /// <summary>Validates a policy given to CreateUserPool or UpdateUserPool.</summary>
    public static void ValidateSettings(PasswordPolicy? policy)
    {
        if (policy is null)
        {
            return;
        }

        new Validation()
            .Range(policy.MinimumLength, 6, 99, "policies.passwordPolicy.minimumLength")
            .Range(policy.TemporaryPasswordValidityDays, 0, 365, "policies.passwordPolicy.temporaryPasswordValidityDays")
            .Range(policy.PasswordHistorySize, 0, 24, "policies.passwordPolicy.passwordHistorySize")
            .ThrowIfAny();
    }
}
