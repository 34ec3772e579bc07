using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Core.Storage;

namespace Gatehouse.Core.Auth;

/// <summary>The purposes a code is sent for, each with Cognito's lifetime.</summary>
public static class CodePurpose
{
    public const string SignUp = "signup";
    public const string ForgotPassword = "forgot";

    public static string Attribute(string name) => "verify:" + name;

    public static TimeSpan Lifetime(string purpose) => purpose == ForgotPassword ? TimeSpan.FromHours(1) : TimeSpan.FromHours(24);
}

/// <summary>
/// Six-digit, single-use codes, stored hashed, with a bounded number of wrong guesses. A wrong guess is committed
/// before the error is thrown, so a failing caller cannot roll its own attempt count back.
/// </summary>
public sealed class Codes(IdGenerator ids, TimeProvider time)
{
    public const int MaxAttempts = 5;
    private const string Kind = "code";

    public async Task<string> IssueAsync(IStoreSession session, string poolId, string userKey, string purpose, CancellationToken cancellationToken)
    {
        var code = ids.NewCode();
        await session.SaveGrantAsync(
            new Grant
            {
                Kind = Kind,
                Id = Key(poolId, userKey, purpose),
                PoolId = poolId,
                UserKey = userKey,
                Data = JsonSerializer.Serialize(new CodeData(Grant.HashOf(code), 0), AuthJson.Default.CodeData),
                ExpiresAt = time.GetUtcNow() + CodePurpose.Lifetime(purpose),
            },
            cancellationToken).ConfigureAwait(false);
        return code;
    }

    /// <summary>Consumes a correct code; otherwise records the attempt, commits, and throws Cognito's error.</summary>
    public async Task VerifyAsync(IStoreSession session, string poolId, string userKey, string purpose, string code, CancellationToken cancellationToken)
    {
        var grant = await session.GetGrantAsync(Kind, Key(poolId, userKey, purpose), cancellationToken).ConfigureAwait(false);
        if (grant is null)
        {
            throw Mismatch();
        }

        if (grant.ExpiresAt <= time.GetUtcNow())
        {
            throw new CognitoException("ExpiredCodeException", "Invalid code provided, please request a code again.");
        }

        var data = JsonSerializer.Deserialize(grant.Data, AuthJson.Default.CodeData)!;
        if (data.Attempts >= MaxAttempts)
        {
            throw new CognitoException("TooManyFailedAttemptsException", "Too many failed attempts. Request a new code.");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Grant.HashOf(code)), Encoding.ASCII.GetBytes(data.Hash)))
        {
            grant.Data = JsonSerializer.Serialize(data with { Attempts = data.Attempts + 1 }, AuthJson.Default.CodeData);
            await session.SaveGrantAsync(grant, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            throw Mismatch();
        }

        await session.DeleteGrantAsync(Kind, grant.Id, cancellationToken).ConfigureAwait(false);
    }

    private static CognitoException Mismatch() =>
        new("CodeMismatchException", "Invalid verification code provided, please try again.");

    private static string Key(string poolId, string userKey, string purpose) => $"{poolId}|{userKey}|{purpose}";
}

internal sealed record CodeData(string Hash, int Attempts);

[JsonSerializable(typeof(CodeData))]
[JsonSerializable(typeof(AuthSessionData))]
internal sealed partial class AuthJson : JsonSerializerContext;
