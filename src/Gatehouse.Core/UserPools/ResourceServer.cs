namespace Gatehouse.Core.UserPools;

/// <summary>A resource server, shaped as AWS's <c>ResourceServerType</c>.</summary>
public sealed class ResourceServer
{
    public string? UserPoolId { get; set; }
    public string? Identifier { get; set; }
    public string? Name { get; set; }
    public List<ResourceServerScope>? Scopes { get; set; }
}

/// <summary>AWS's <c>ResourceServerScopeType</c>.</summary>
public sealed class ResourceServerScope
{
    public string? ScopeName { get; set; }
    public string? ScopeDescription { get; set; }
}
