namespace Gatehouse.Core.Functions;

/// <summary>
/// Reads the function name out of what AWS accepts in its place: a bare name, a Lambda ARN
/// <c>arn:aws:lambda:{region}:{account}:function:{name}[:alias]</c>, or API Gateway's integration URI
/// <c>arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{lambdaArn}/invocations</c>. The region, account
/// and alias are accepted as written and ignored: a name means the one registered function.
/// </summary>
public static class FunctionArn
{
    private const string IntegrationPrefix = ":lambda:path/2015-03-31/functions/";
    private const string IntegrationSuffix = "/invocations";

    /// <summary>The function name, or null when <paramref name="reference"/> is none of the accepted forms.</summary>
    public static string? NameOf(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        if (reference.StartsWith("arn:aws:apigateway:", StringComparison.Ordinal))
        {
            var start = reference.IndexOf(IntegrationPrefix, StringComparison.Ordinal);
            if (start < 0 || !reference.EndsWith(IntegrationSuffix, StringComparison.Ordinal))
            {
                return null;
            }

            start += IntegrationPrefix.Length;
            var end = reference.Length - IntegrationSuffix.Length;
            return end > start ? NameOf(reference[start..end]) : null;
        }

        if (reference.StartsWith("arn:", StringComparison.Ordinal))
        {
            // arn:aws:lambda:{region}:{account}:function:{name}[:{alias or version}]
            var parts = reference.Split(':');
            return parts.Length is 7 or 8 && parts[2] == "lambda" && parts[5] == "function" && IsValidName(parts[6]) ? parts[6] : null;
        }

        return IsValidName(reference) ? reference : null;
    }

    /// <summary>Lambda's function-name rule: 1-64 letters, digits, hyphens and underscores.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>
    /// The region an ARN names (<c>arn:aws:lambda:{region}:…</c>, <c>arn:aws:apigateway:{region}:…</c>); us-east-1 for
    /// anything that is not an ARN with a region.
    /// </summary>
    public static string RegionOf(string reference)
    {
        var parts = reference.Split(':', 5);
        return parts.Length >= 4 && parts[0] == "arn" && parts[3].Length > 0 ? parts[3] : "us-east-1";
    }

    /// <summary>The ARN <c>context.invoked_function_arn</c> reports for <paramref name="name"/>.</summary>
    public static string For(string region, string accountId, string name) => $"arn:aws:lambda:{region}:{accountId}:function:{name}";
}
