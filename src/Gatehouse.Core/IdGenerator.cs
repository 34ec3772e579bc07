using System.Security.Cryptography;

namespace Gatehouse.Core;

/// <summary>Makes every identifier and secret Gatehouse hands out, in AWS's formats, from a CSPRNG.</summary>
public sealed class IdGenerator
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string LowerAlphanumeric = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary><c>us-east-1_Ab129faBb</c>: the region, an underscore and 9 alphanumerics.</summary>
    public string NewPoolId(string region) => $"{region}_{RandomNumberGenerator.GetString(Alphanumeric, 9)}";

    /// <summary>26 lowercase alphanumerics, as AWS's app client ids.</summary>
    public string NewClientId() => RandomNumberGenerator.GetString(LowerAlphanumeric, 26);

    /// <summary>51 lowercase alphanumerics, as AWS's app client secrets.</summary>
    public string NewClientSecret() => RandomNumberGenerator.GetString(LowerAlphanumeric, 51);

    /// <summary>10 lowercase alphanumerics: a REST API id, and the id of its root resource, as AWS's.</summary>
    public string NewRestApiId() => RandomNumberGenerator.GetString(LowerAlphanumeric, 10);

    /// <summary>6 lowercase alphanumerics: an API Gateway resource, authorizer or deployment id.</summary>
    public string NewGatewayChildId() => RandomNumberGenerator.GetString(LowerAlphanumeric, 6);

    /// <summary>10 lowercase alphanumerics: an HTTP API id, as AWS's.</summary>
    public string NewHttpApiId() => RandomNumberGenerator.GetString(LowerAlphanumeric, 10);

    /// <summary>7 lowercase alphanumerics: an HTTP API route, integration, authorizer or deployment id, as AWS's.</summary>
    public string NewHttpApiChildId() => RandomNumberGenerator.GetString(LowerAlphanumeric, 7);

    /// <summary>10 lowercase alphanumerics: an API key id, as AWS's.</summary>
    public string NewApiKeyId() => RandomNumberGenerator.GetString(LowerAlphanumeric, 10);

    /// <summary>40 alphanumerics: a generated API key value, as AWS's.</summary>
    public string NewApiKeyValue() => RandomNumberGenerator.GetString(Alphanumeric, 40);

    /// <summary>6 lowercase alphanumerics: a usage plan id, as AWS's.</summary>
    public string NewUsagePlanId() => RandomNumberGenerator.GetString(LowerAlphanumeric, 6);

    public string NewUuid() => Guid.NewGuid().ToString();

    /// <summary><c>import-AbC12xYz90</c>: a user import job id.</summary>
    public string NewImportJobId() => "import-" + RandomNumberGenerator.GetString(Alphanumeric, 10);

    /// <summary>A 6-digit confirmation code.</summary>
    public string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An opaque bearer secret (refresh token, session) with 384 bits of entropy.</summary>
    public string NewOpaqueToken()
    {
        // A token that starts with '-' reads as an option to the AWS CLI ("--session -abc" fails), so redraw those.
        while (true)
        {
            var token = Base64Url(RandomNumberGenerator.GetBytes(48));
            if (token[0] is not ('-' or '_'))
            {
                return token;
            }
        }
    }

    /// <summary>A temporary password that satisfies the strictest password policy.</summary>
    public string NewTemporaryPassword(int minimumLength)
    {
        var length = Math.Max(minimumLength, 12);
        var chars = new char[length];
        chars[0] = RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ", 1)[0];
        chars[1] = RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyz", 1)[0];
        chars[2] = RandomNumberGenerator.GetString("23456789", 1)[0];
        chars[3] = RandomNumberGenerator.GetString("^$*.[]{}()?!@#%&", 1)[0];
        for (var i = 4; i < length; i++)
        {
            chars[i] = RandomNumberGenerator.GetString(Alphanumeric, 1)[0];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    public static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
