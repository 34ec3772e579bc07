using Gatehouse.Core.Gateway;

namespace Gatehouse.Core.Tests.Gateway;

/// <summary>The REST API rules without HTTP: the resource tree, method authorization, deployments and stage patches.</summary>
public sealed class RestApiRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly IdGenerator _ids = new();

    private RestApiDefinition NewApi() => RestApis.Create(new CreateRestApiInput { Name = "api" }, null, _ids, "abcdefghij", Now);

    private static PatchOperation[] Ops(params (string Op, string Path, string? Value)[] ops) =>
        [.. ops.Select(o => new PatchOperation { Op = o.Op, Path = o.Path, Value = o.Value })];

    [Fact]
    public void Paths_follow_renames_and_moves_and_stay_a_tree()
    {
        var api = NewApi();
        var root = api.Api.RootResourceId!;
        var a = ResourceTree.Create(api, root, "a", _ids);
        var b = ResourceTree.Create(api, a.Id!, "{b}", _ids);
        var c = ResourceTree.Create(api, b.Id!, "{c+}", _ids);
        Assert.Equal("/a/{b}/{c+}", c.Path);

        ResourceTree.Update(api, a.Id!, Ops(("replace", "/pathPart", "z")));
        Assert.Equal("/z/{b}/{c+}", c.Path);
        ResourceTree.Update(api, b.Id!, Ops(("replace", "/parentId", root)));
        Assert.Equal("/{b}/{c+}", c.Path);

        Assert.Throws<ApiGatewayException>(() => ResourceTree.Update(api, a.Id!, Ops(("replace", "/parentId", c.Id!))));
        Assert.Throws<ApiGatewayException>(() => ResourceTree.Update(api, a.Id!, Ops(("replace", "/pathPart", "{other}"))));
        Assert.Equal(["/", "/z", "/{b}", "/{b}/{c+}"], ResourceTree.Ordered(api).Select(r => r.Path));

        ResourceTree.Delete(api, b.Id!);
        Assert.Equal(["/", "/z"], ResourceTree.Ordered(api).Select(r => r.Path));
    }

    [Fact]
    public void A_Cognito_method_needs_a_Cognito_authorizer_and_a_custom_one_a_Lambda_one()
    {
        var api = NewApi();
        var cognito = AuthorizerRules.Create(api, new Authorizer
        {
            Name = "pool",
            Type = "COGNITO_USER_POOLS",
            ProviderARNs = ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCd1234"],
            IdentitySource = "method.request.header.Authorization",
        }, _ids);
        var root = api.Api.RootResourceId!;

        var method = Methods.Put(api, root, "GET", new Method { AuthorizationType = "cognito_user_pools", AuthorizerId = cognito.Id });
        Assert.Equal("COGNITO_USER_POOLS", method.AuthorizationType);
        Assert.Throws<ApiGatewayException>(() => Methods.Put(api, root, "POST", new Method { AuthorizationType = "CUSTOM", AuthorizerId = cognito.Id }));
        Assert.Equal("eu-west-1_AbCd1234", AuthorizerRules.PoolIdOf(cognito.ProviderARNs![0]));
        Assert.Throws<ApiGatewayException>(() => AuthorizerRules.Update(api, cognito.Id!, Ops(("replace", "/type", "TOKEN"), ("replace", "/authorizerUri", "arn:aws:lambda"))));
    }

    [Fact]
    public void A_deployment_freezes_paths_methods_and_authorizers()
    {
        var api = NewApi();
        var news = ResourceTree.Create(api, api.Api.RootResourceId!, "news", _ids);
        Methods.Put(api, news.Id!, "DELETE", new Method { AuthorizationType = "NONE" });
        Integrations.Put(api, news.Id!, "DELETE", new Integration { Type = "MOCK" });

        var snapshot = Deployments.Create(api, new CreateDeploymentInput { StageName = "api" }, _ids, Now);
        Methods.Delete(api, news.Id!, "DELETE");

        Assert.Equal(api.Id, snapshot.RestApiId);
        Assert.True(snapshot.Resources.Single(r => r.Path == "/news").ResourceMethods!.ContainsKey("DELETE"));
        Assert.Equal(snapshot.Deployment.Id, api.Stage("api")!.DeploymentId);
        Assert.Equal("NONE", Deployments.Summary(snapshot)["/news"]["DELETE"].AuthorizationType);
    }

    [Theory]
    [InlineData("/~1news/DELETE/throttling/rateLimit", "~1news/DELETE")]
    [InlineData("/~1users~1{userId}/GET/throttling/rateLimit", "~1users~1{userId}/GET")]
    [InlineData("/users/{userId}/GET/throttling/rateLimit", "~1users~1{userId}/GET")]
    [InlineData("/*/*/throttling/rateLimit", "*/*")]
    public void Method_settings_are_keyed_by_encoded_path_and_verb(string path, string key)
    {
        var api = NewApi();
        var news = ResourceTree.Create(api, api.Api.RootResourceId!, "news", _ids);
        Methods.Put(api, news.Id!, "GET", new Method { AuthorizationType = "NONE" });
        Integrations.Put(api, news.Id!, "GET", new Integration { Type = "MOCK" });
        Deployments.Create(api, new CreateDeploymentInput { StageName = "api" }, _ids, Now);

        var stage = Stages.Update(api, "api", Ops(("replace", path, "12.5")), Now);
        Assert.Equal(12.5, stage.MethodSettings![key].ThrottlingRateLimit);
        Assert.Equal(5000, stage.MethodSettings[key].ThrottlingBurstLimit);
    }

    [Fact]
    public void A_new_method_override_starts_from_the_stage_wide_settings()
    {
        var api = NewApi();
        var root = api.Api.RootResourceId!;
        Methods.Put(api, root, "GET", new Method { AuthorizationType = "NONE" });
        Integrations.Put(api, root, "GET", new Integration { Type = "MOCK" });
        Deployments.Create(api, new CreateDeploymentInput { StageName = "api" }, _ids, Now);

        Stages.Update(api, "api", Ops(("replace", "/*/*/throttling/burstLimit", "7")), Now);
        var stage = Stages.Update(api, "api", Ops(("replace", "/~1/GET/metrics/enabled", "true")), Now);
        Assert.Equal(7, stage.MethodSettings!["~1/GET"].ThrottlingBurstLimit);
        Assert.True(stage.MethodSettings["~1/GET"].MetricsEnabled);
    }
}
