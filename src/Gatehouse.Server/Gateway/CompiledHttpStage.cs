using Gatehouse.Core.Gateway.Authorizers;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.Gateway;

/// <summary>An HTTP API stage ready to serve: its deployment's route table, JWT and Lambda authorizers and each route's requirements.</summary>
internal sealed class CompiledHttpStage
{
    private readonly Dictionary<string, IAuthorizer?> _authorizers = new(StringComparer.Ordinal);
    private readonly Dictionary<HttpRoute, AuthorizationRequirements> _requirements = new(ReferenceEqualityComparer.Instance);

    public CompiledHttpStage(DeployedHttpStage deployed, GatewayTokenVerifier verifier, LambdaAuthorizers lambda)
    {
        Snapshot = deployed.Snapshot;
        Stage = deployed.Stage;
        Routes = HttpApiRouteTable.For(Snapshot);
        StageVariables = Stage.StageVariables ?? new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var authorizer in Snapshot.Authorizers)
        {
            _authorizers[authorizer.AuthorizerId!] = Build(authorizer, verifier, lambda);
        }

        foreach (var route in Snapshot.Routes)
        {
            _requirements[route] = route.AuthorizationScopes is not { Count: > 0 } && route.AuthorizationGroups is not { Count: > 0 }
                ? AuthorizationRequirements.None
                : new AuthorizationRequirements(route.AuthorizationScopes ?? [], route.AuthorizationGroups ?? []);
        }
    }

    public HttpApiDeploymentSnapshot Snapshot { get; }

    public HttpStage Stage { get; }

    public HttpApiRouteTable Routes { get; }

    public IReadOnlyDictionary<string, string> StageVariables { get; }

    public IAuthorizer? Authorizer(HttpRoute route) =>
        route.AuthorizerId is { } id && _authorizers.TryGetValue(id, out var authorizer) ? authorizer : null;

    public AuthorizationRequirements Requirements(HttpRoute route) =>
        _requirements.TryGetValue(route, out var requirements) ? requirements : AuthorizationRequirements.None;

    public HttpIntegration? Integration(HttpRoute route) =>
        route.Target is { } target && target.StartsWith(HttpRoutes.TargetPrefix, StringComparison.Ordinal)
            ? Snapshot.Integration(target[HttpRoutes.TargetPrefix.Length..])
            : null;

    private static IAuthorizer? Build(HttpAuthorizer authorizer, GatewayTokenVerifier verifier, LambdaAuthorizers lambda)
    {
        if (authorizer is { AuthorizerType: "REQUEST", AuthorizerUri: { } uri })
        {
            try
            {
                return lambda.Create(LambdaAuthorizerSettings.ForHttpApi(
                    authorizer.AuthorizerId!, uri, authorizer.IdentitySource, authorizer.AuthorizerPayloadFormatVersion ?? "2.0",
                    authorizer.EnableSimpleResponses == true, authorizer.AuthorizerResultTtlInSeconds));
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        if (authorizer.AuthorizerType != "JWT" || authorizer.JwtConfiguration is not { Issuer: { } issuer } jwt)
        {
            return null;
        }

        try
        {
            return new JwtAuthorizer(
                JwtAuthorizerSettings.ForHttpApi(issuer, jwt.Audience ?? [], authorizer.IdentitySource is [var source, ..] ? source : "$request.header.Authorization"),
                verifier);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
