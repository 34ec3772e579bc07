using System.Text.Json;
using Gatehouse.Core;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.Groups;

namespace Gatehouse.Server.CognitoApi.Actions.Domains;

/// <summary>The members of CreateUserPoolDomain, UpdateUserPoolDomain and DeleteUserPoolDomain.</summary>
internal sealed class DomainRequest
{
    public string? Domain { get; set; }
    public string? UserPoolId { get; set; }
    public JsonElement? CustomDomainConfig { get; set; }
    public int? ManagedLoginVersion { get; set; }

    public void Validate() => DomainRules.Domain(new Validation(), Domain).PoolId(UserPoolId).ThrowIfAny();
}

/// <summary>CreateUserPoolDomain and UpdateUserPoolDomain answer with this.</summary>
internal sealed class DomainChangeResponse
{
    public int? ManagedLoginVersion { get; set; }
    public string? CloudFrontDomain { get; set; }
}

internal static class DomainRules
{
    public static Validation Domain(this Validation validation, string? domain) => validation
        .Required(domain, "domain")
        .Length(domain, 1, 63, "domain")
        .Pattern(domain, Patterns.Domain(), "domain");

    /// <summary>Gatehouse serves prefix domains only; a custom domain would need a certificate and DNS it cannot own.</summary>
    public static void RejectCustomDomain(DomainRequest request)
    {
        if (request.CustomDomainConfig is { ValueKind: JsonValueKind.Object })
        {
            throw CognitoException.InvalidParameter("Custom domains are not supported; use a prefix domain.");
        }
    }

    public static Validation ManagedLoginVersion(this Validation validation, int? version) => validation.Range(version, 1, 2, "managedLoginVersion");

    /// <summary>The pool's own domain by name; a domain of another pool is as unknown as a missing one.</summary>
    public static async Task<UserPoolDomain> OwnDomainAsync(IStoreSession session, UserPool pool, string domain, CognitoCall call)
    {
        var found = await UserPoolDomains.GetAsync(session, domain, call.CancellationToken).ConfigureAwait(false);
        return found is not null && found.UserPoolId == pool.Id
            ? found
            : throw CognitoException.InvalidParameter("No such domain or user pool exists.");
    }
}
