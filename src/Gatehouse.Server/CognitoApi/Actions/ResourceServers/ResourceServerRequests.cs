using Gatehouse.Core;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.Groups;

namespace Gatehouse.Server.CognitoApi.Actions.ResourceServers;

/// <summary>The members that name one resource server of one pool.</summary>
internal class ResourceServerRequest
{
    public string? UserPoolId { get; set; }
    public string? Identifier { get; set; }

    /// <summary>Every model violation in one validation, so AWS's "N validation errors" count is right.</summary>
    public virtual Validation Rules() => new Validation()
        .PoolId(UserPoolId)
        .Required(Identifier, "identifier")
        .Length(Identifier, 1, 256, "identifier")
        .Pattern(Identifier, Patterns.ResourceServerIdentifier(), "identifier");

    public void Validate() => Rules().ThrowIfAny();
}

/// <summary>The members CreateResourceServer and UpdateResourceServer share.</summary>
internal sealed class ResourceServerSettingsRequest : ResourceServerRequest
{
    public string? Name { get; set; }
    public List<ResourceServerScope>? Scopes { get; set; }

    public override Validation Rules()
    {
        var validation = base.Rules()
            .Required(Name, "name")
            .Length(Name, 1, 256, "name")
            .Pattern(Name, Patterns.ResourceServerName(), "name")
            .Count(Scopes, 0, 100, "scopes");
        for (var i = 0; i < (Scopes?.Count ?? 0); i++)
        {
            var scope = Scopes![i];
            var member = $"scopes.{i + 1}.member";
            validation
                .Required(scope.ScopeName, member + ".scopeName")
                .Length(scope.ScopeName, 1, 256, member + ".scopeName")
                .Pattern(scope.ScopeName, Patterns.ScopeName(), member + ".scopeName")
                .Required(scope.ScopeDescription, member + ".scopeDescription")
                .Length(scope.ScopeDescription, 1, 256, member + ".scopeDescription");
        }

        return validation;
    }

    public ResourceServer ToResourceServer(string poolId) => new()
    {
        UserPoolId = poolId,
        Identifier = Identifier,
        Name = Name,
        Scopes = Scopes?.Select(s => new ResourceServerScope { ScopeName = s.ScopeName, ScopeDescription = s.ScopeDescription }).ToList() ?? [],
    };
}

/// <summary>CreateResourceServer, DescribeResourceServer and UpdateResourceServer answer with the server.</summary>
internal sealed class ResourceServerResponse
{
    public ResourceServer? ResourceServer { get; set; }
}

internal static class ResourceServerRules
{
    public static async Task<ResourceServer> ResourceServerAsync(IStoreSession session, string poolId, string identifier, CognitoCall call) =>
        await Core.UserPools.ResourceServers.GetAsync(session, poolId, identifier, call.CancellationToken).ConfigureAwait(false)
            ?? throw CognitoException.ResourceNotFound($"Resource server {identifier} does not exist.");
}
