using System.Text.Json;
using Gatehouse.Core.Gateway.Authorizers;

namespace Gatehouse.Core.Tests.Gateway;

/// <summary>A Lambda authorizer's IAM policy against method ARNs: wildcards, arrays, Deny winning, malformed documents.</summary>
public sealed class IamPolicyTests
{
    private const string Arn = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/users/42";

    private static IamPolicy Policy(string json) => IamPolicy.Parse(JsonDocument.Parse(json).RootElement);

    private static string One(string effect, string action, string resource) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"{{effect}}","Action":"{{action}}","Resource":"{{resource}}"}]}""";

    [Theory]
    [InlineData(Arn)]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abc123/*")]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/*")]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*/users/*")]
    [InlineData("arn:aws:execute-api:*:*:abc123/prod/GET/users/4?")]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:*")]
    [InlineData("*")]
    public void Allows_a_matching_resource(string resource) =>
        Assert.Equal(PolicyDecision.Allow, Policy(One("Allow", "execute-api:Invoke", resource)).Evaluate(Arn));

    [Theory]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/users/42")]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abc123/dev/*")]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/users")]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/users/4")]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/users/4??")]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:ABC123/prod/GET/users/42")]
    public void A_resource_that_does_not_match_is_an_implicit_deny(string resource) =>
        Assert.Equal(PolicyDecision.ImplicitDeny, Policy(One("Allow", "execute-api:Invoke", resource)).Evaluate(Arn));

    [Theory]
    [InlineData("execute-api:Invoke", PolicyDecision.Allow)]
    [InlineData("execute-api:invoke", PolicyDecision.Allow)]
    [InlineData("execute-api:*", PolicyDecision.Allow)]
    [InlineData("*", PolicyDecision.Allow)]
    [InlineData("execute-api:Inv*", PolicyDecision.Allow)]
    [InlineData("execute-api:ManageConnections", PolicyDecision.ImplicitDeny)]
    [InlineData("lambda:Invoke", PolicyDecision.ImplicitDeny)]
    public void Actions_match_with_wildcards_and_without_case(string action, PolicyDecision expected) =>
        Assert.Equal(expected, Policy(One("Allow", action, "*")).Evaluate(Arn));

    [Fact]
    public void An_explicit_deny_wins_over_any_allow_whatever_the_order()
    {
        var policy = Policy($$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"},
              {"Effect":"Deny","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:*:*:abc123/*/GET/users/*"},
              {"Effect":"Allow","Action":"*","Resource":"{{Arn}}"}]}
            """);

        Assert.Equal(PolicyDecision.ExplicitDeny, policy.Evaluate(Arn));
        Assert.Equal(PolicyDecision.Allow, policy.Evaluate("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/users/42"));
    }

    [Fact]
    public void Statement_Action_and_Resource_may_be_single_values_or_arrays()
    {
        var single = Policy($$$"""{"Statement":{"Effect":"Allow","Action":["execute-api:Invoke"],"Resource":["arn:aws:execute-api:*:*:abc123/prod/POST/*","{{{Arn}}}"]}}""");
        Assert.Equal(PolicyDecision.Allow, single.Evaluate(Arn));
        Assert.Equal(PolicyDecision.Allow, single.Evaluate("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/x"));
        Assert.Equal(PolicyDecision.ImplicitDeny, single.Evaluate("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/PUT/x"));
    }

    [Fact]
    public void An_empty_statement_list_denies_implicitly() =>
        Assert.Equal(PolicyDecision.ImplicitDeny, Policy("""{"Version":"2012-10-17","Statement":[]}""").Evaluate(Arn));

    [Fact]
    public void NotResource_and_NotAction_apply_to_everything_else()
    {
        var policy = Policy("""
            {"Statement":[
              {"Effect":"Allow","Action":"execute-api:Invoke","NotResource":"arn:aws:execute-api:*:*:abc123/*/DELETE/*"},
              {"Effect":"Deny","NotAction":"execute-api:Invoke","Resource":"*"}]}
            """);

        Assert.Equal(PolicyDecision.Allow, policy.Evaluate(Arn));
        Assert.Equal(PolicyDecision.ImplicitDeny, policy.Evaluate("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/DELETE/users/42"));
        Assert.Equal(PolicyDecision.ExplicitDeny, policy.Evaluate(Arn, "execute-api:InvalidateCache"));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"a policy\"")]
    [InlineData("""{"Version":"2012-10-17"}""")]
    [InlineData("""{"Statement":"Allow"}""")]
    [InlineData("""{"Statement":[{"Action":"execute-api:Invoke","Resource":"*"}]}""")]
    [InlineData("""{"Statement":[{"Effect":"Permit","Action":"execute-api:Invoke","Resource":"*"}]}""")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Resource":"*"}]}""")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke"}]}""")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":42}]}""")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":["*",1]}]}""")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"x","NotAction":"y","Resource":"*"}]}""")]
    [InlineData("""{"Statement":["Allow"]}""")]
    public void Malformed_documents_are_refused(string json) =>
        Assert.Throws<FormatException>(() => Policy(json));

    [Theory]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("*", "", true)]
    [InlineData("", "", true)]
    [InlineData("?", "", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("**a", "bba", true)]
    [InlineData("*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    public void Wildcards(string pattern, string value, bool expected) =>
        Assert.Equal(expected, IamPolicy.WildcardMatch(pattern, value, ignoreCase: false));
}
