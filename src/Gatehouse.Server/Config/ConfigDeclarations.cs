using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.HttpApis;
using Gatehouse.Server.CognitoApi.Actions.Clients;
using Gatehouse.Server.CognitoApi.Actions.Groups;
using Gatehouse.Server.CognitoApi.Actions.Pools;
using Gatehouse.Server.CognitoApi.Actions.ResourceServers;

namespace Gatehouse.Server.Config;

/// <summary>What a config file declares, already checked for shape; Core's rules run when it is applied.</summary>
internal sealed class ConfigDeclaration
{
    public List<PoolDeclaration> UserPools { get; } = [];
    public List<RestApiDeclaration> Apis { get; } = [];
    public List<HttpApiDeclaration> HttpApis { get; } = [];
    public List<FunctionDeclaration> Functions { get; } = [];
}

/// <summary>A declared function; its <c>code</c> is already absolute (relative paths are the config file's).</summary>
internal sealed class FunctionDeclaration : Declared
{
    public Core.Functions.FunctionDefinition Function { get; init; } = new();
}

/// <summary>Where a declared object is in the file, for errors: <c>{file}:{line}: {path}</c>.</summary>
internal abstract class Declared
{
    public string Where { get; init; } = "";
}

internal sealed class PoolDeclaration : Declared
{
    public string Id { get; init; } = "";

    /// <summary>CreateUserPool's input; its <c>Schema</c> holds only the custom attributes declared.</summary>
    public CreateUserPoolRequest Settings { get; init; } = new();
    public string? Domain { get; init; }
    public List<(Declared At, ResourceServerSettingsRequest Server)> ResourceServers { get; } = [];
    public List<(Declared At, GroupSettingsRequest Group)> Groups { get; } = [];
    public List<ClientDeclaration> Clients { get; } = [];
    public List<UserDeclaration> Users { get; } = [];
}

internal sealed class ClientDeclaration : Declared
{
    public string ClientId { get; init; } = "";
    public string? ClientSecret { get; init; }
    public bool GenerateSecret { get; init; }
    public CreateUserPoolClientRequest Settings { get; init; } = new();
}

internal sealed class UserDeclaration : Declared
{
    public string Username { get; init; } = "";

    /// <summary>The initial password; never logged, hashed before it is stored.</summary>
    public string? Password { get; init; }
    public bool ForceChangePassword { get; init; }
    public bool? Enabled { get; init; }
    public List<KeyValuePair<string, string>> Attributes { get; init; } = [];
    public List<string> Groups { get; init; } = [];
}

internal sealed class RestApiDeclaration : Declared
{
    public string Id { get; init; } = "";
    public CreateRestApiInput Settings { get; init; } = new();

    /// <summary>Authorizers by name; methods refer to them by that name.</summary>
    public List<(Declared At, Authorizer Input)> Authorizers { get; } = [];
    public List<MethodDeclaration> Methods { get; } = [];
    public List<(Declared At, string Name, string? Description, Dictionary<string, string>? Variables)> Stages { get; } = [];
}

internal sealed class MethodDeclaration : Declared
{
    public string HttpMethod { get; init; } = "";
    public string Path { get; init; } = "/";
    public string? AuthorizerName { get; init; }

    /// <summary>PutMethod's input (without the authorizer id, resolved at apply time).</summary>
    public Method Input { get; init; } = new();
    public Integration Integration { get; init; } = new();

    /// <summary>Integration responses by status code; a method response is declared for each.</summary>
    public List<IntegrationResponse> Responses { get; init; } = [];
}

internal sealed class HttpApiDeclaration : Declared
{
    public string Id { get; init; } = "";

    /// <summary>CreateApi's input (name, description, CORS, tags, ...), without quick create.</summary>
    public HttpApiInput Settings { get; init; } = new();

    /// <summary>Authorizers by name; routes refer to them by that name.</summary>
    public List<(Declared At, HttpAuthorizer Input)> Authorizers { get; } = [];
    public List<HttpRouteDeclaration> Routes { get; } = [];

    /// <summary>Stages by name; <c>$default</c> with <c>autoDeploy</c> when the file declares none.</summary>
    public List<(Declared At, HttpStage Input)> Stages { get; } = [];
}

internal sealed class HttpRouteDeclaration : Declared
{
    public string? AuthorizerName { get; init; }

    /// <summary>CreateRoute's input (without the authorizer id and target, resolved at apply time).</summary>
    public HttpRoute Input { get; init; } = new();
    public HttpIntegration Integration { get; init; } = new();
}
