using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.Authorizers;
using Gatehouse.Core.Gateway.Invocation;

namespace Gatehouse.Server.Gateway;

/// <summary>
/// A REST API stage ready to serve: its deployment's route table, one authorizer instance per configured authorizer,
/// and each method's requirements, built once and shared by every request until the API's documents change.
/// </summary>
internal sealed class CompiledRestStage
{
    private readonly Dictionary<string, IAuthorizer?> _authorizers = new(StringComparer.Ordinal);
    private readonly Dictionary<Method, AuthorizationRequirements> _requirements = new(ReferenceEqualityComparer.Instance);

    public CompiledRestStage(DeployedStage deployed, GatewayTokenVerifier verifier, LambdaAuthorizers lambda)
    {
        Snapshot = deployed.Snapshot;
        Stage = deployed.Stage;
        Routes = new RestRouteTable(Snapshot.Resources);
        StageVariables = Stage.Variables ?? new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var authorizer in Snapshot.Authorizers)
        {
            _authorizers[authorizer.Id!] = Build(authorizer, verifier, lambda);
        }

        foreach (var method in Snapshot.Resources.SelectMany(r => r.ResourceMethods?.Values ?? Enumerable.Empty<Method>()))
        {
            _requirements[method] = method.AuthorizationScopes is not { Count: > 0 } && method.AuthorizationGroups is not { Count: > 0 }
                ? AuthorizationRequirements.None
                : new AuthorizationRequirements(method.AuthorizationScopes ?? [], method.AuthorizationGroups ?? []);
        }
    }

    public DeploymentSnapshot Snapshot { get; }

    public Stage Stage { get; }

    public RestRouteTable Routes { get; }

    public IReadOnlyDictionary<string, string> StageVariables { get; }

    /// <summary>The method's authorizer; null when it names none, or one that cannot work as configured.</summary>
    public IAuthorizer? Authorizer(Method method) =>
        method.AuthorizerId is { } id && _authorizers.TryGetValue(id, out var authorizer) ? authorizer : null;

    public AuthorizationRequirements Requirements(Method method) =>
        _requirements.TryGetValue(method, out var requirements) ? requirements : AuthorizationRequirements.None;

    /// <summary>The authorizer <paramref name="authorizer"/> configures; null when it cannot work as configured.</summary>
    public static IAuthorizer? Build(Authorizer authorizer, GatewayTokenVerifier verifier, LambdaAuthorizers lambda)
    {
        try
        {
            return authorizer.Type switch
            {
                "COGNITO_USER_POOLS" => new CognitoUserPoolsAuthorizer(
                    new CognitoAuthorizerSettings(authorizer.IdentitySource ?? "method.request.header.Authorization", authorizer.ProviderARNs ?? [], authorizer.IdentityValidationExpression),
                    verifier),
                "TOKEN" or "REQUEST" when authorizer.AuthorizerUri is { } uri => lambda.Create(LambdaAuthorizerSettings.ForRestApi(
                    authorizer.Id!, authorizer.Type, uri, authorizer.IdentitySource, authorizer.IdentityValidationExpression, authorizer.AuthorizerResultTtlInSeconds)),
                _ => null,
            };
        }
        catch (ArgumentException)
        {
            // Served as AUTHORIZER_CONFIGURATION_ERROR, as AWS answers an authorizer it cannot use.
            return null;
        }
    }
}
