using System.Text.Json;
using Gatehouse.Core.Gateway.Invocation;

namespace Gatehouse.Core.Tests.Gateway;

/// <summary>The Velocity subset of mapping templates: each construct rendered, and what is refused at parse time.</summary>
public sealed class VelocityTemplateTests
{
    private static InvocationContext Context(string body = """{"username":"rakib","password":"123456","tags":["a","b"],"n":{"x":1}}""") => new()
    {
        RequestId = "req-1",
        ApiId = "abcdefghij",
        Stage = "api",
        HttpMethod = "POST",
        ResourcePath = "/auth",
        SourceIp = "127.0.0.1",
        Body = body,
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Key"] = "k1", ["Accept"] = "application/json" },
        Query = new Dictionary<string, string> { ["q"] = "search", ["id"] = "from-query" },
        PathParameters = new Dictionary<string, string> { ["id"] = "42" },
        StageVariables = new Dictionary<string, string> { ["env"] = "dev", ["fn"] = "signIn" },
        Claims = JsonDocument.Parse("""{"sub":"user-1","cognito:groups":["admin","ops"]}""").RootElement,
    };

    private static string Render(string template, InvocationContext? context = null) => VelocityTemplate.Parse(template).Render(context ?? Context());

    [Theory]
    [InlineData("$input.json('$')", """{"username":"rakib","password":"123456","tags":["a","b"],"n":{"x":1}}""")]
    [InlineData("$input.json('$.tags')", """["a","b"]""")]
    [InlineData("$input.json('$.username')", "\"rakib\"")]
    [InlineData("$input.json('$.tags[1]')", "\"b\"")]
    [InlineData("$input.path('$.n.x')", "1")]
    [InlineData("$input.path('$').username", "rakib")]
    [InlineData("$input.path('$.tags').size()", "2")]
    [InlineData("$input.path('$.tags').get(0)", "a")]
    [InlineData("$input.path('$.n')", "{x=1}")]
    [InlineData("$input.path('$.tags')", "[a, b]")]
    [InlineData("${input.path('$.username')}!", "rakib!")]
    public void Input_json_and_path_select_from_the_body(string template, string expected) =>
        Assert.Equal(expected, Render(template));

    [Fact]
    public void Input_body_and_an_empty_body()
    {
        Assert.Equal("""{"a":1}""", Render("$input.body", Context("""{"a":1}""")));
        Assert.Equal("{}", Render("$input.json('$')", Context("")));
        Assert.Equal("0", Render("$input.path('$').size()", Context("")));
    }

    [Theory]
    [InlineData("$input.params('id')", "42")]
    [InlineData("$input.params('q')", "search")]
    [InlineData("$input.params('X-Key')", "k1")]
    [InlineData("[$input.params('missing')]", "[]")]
    [InlineData("$input.params().path.id", "42")]
    [InlineData("$input.params().querystring.get('q')", "search")]
    [InlineData("$input.params().header.get('X-Key')", "k1")]
    [InlineData("$input.params().keySet()", "[path, querystring, header]")]
    public void Input_params_reads_path_then_query_then_headers(string template, string expected) =>
        Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("$context.requestId", "req-1")]
    [InlineData("$context.resourcePath", "/auth")]
    [InlineData("$context.identity.sourceIp", "127.0.0.1")]
    [InlineData("$context.authorizer.claims.sub", "user-1")]
    [InlineData("$context.authorizer.claims['cognito:groups']", "[admin ops]")]
    [InlineData("[$context.nothing.here]", "[]")]
    [InlineData("$context.httpMethod.toLowerCase()", "post")]
    [InlineData("$stageVariables.env", "dev")]
    [InlineData("$stageVariables['fn']", "signIn")]
    [InlineData("$stageVariables.get('env')", "dev")]
    [InlineData("[$stageVariables.missing]", "[]")]
    public void Context_and_stage_variables(string template, string expected) =>
        Assert.Equal(expected, Render(template));

    [Fact]
    public void A_Lambda_authorizers_context_is_read_through_context_authorizer()
    {
        var context = Context();
        context.Claims = null;
        context.PrincipalId = "user-9";
        context.Authorizer = new Gatehouse.Core.Gateway.Authorizers.AuthorizerAllow(
            "user-9",
            JsonDocument.Parse("{}").RootElement,
            [],
            new Dictionary<string, JsonElement> { ["tenant"] = JsonDocument.Parse("\"acme\"").RootElement, ["admin"] = JsonDocument.Parse("\"true\"").RootElement });
        Assert.Equal("acme user-9 true", Render("$context.authorizer.tenant $context.authorizer.principalId $context.authorizer['admin']", context));
    }

    [Theory]
    [InlineData("$util.escapeJavaScript($input.path('$.s'))", """a\"b\'c\/d""")]
    [InlineData("$util.escapeJavaScript($input.path('$.a'))", """line\nnext""")]
    [InlineData("$util.urlEncode('a b&c/ü*~')", "a+b%26c%2F%C3%BC*%7E")]
    [InlineData("$util.urlDecode('a+b%26c%2F%C3%BC')", "a b&c/ü")]
    [InlineData("$util.base64Encode('hello')", "aGVsbG8=")]
    [InlineData("$util.base64Decode('aGVsbG8=')", "hello")]
    [InlineData("#set($p = $util.parseJson($input.body))$p.a", "line\nnext")]
    public void Util_functions(string template, string expected) =>
        Assert.Equal(expected, Render(template, Context("""{"a":"line\nnext","s":"a\"b'c/d"}""")));

    [Fact]
    public void Set_if_elseif_else_with_operators()
    {
        const string template = """
            #set($name = $input.path('$.username'))
            #set($count = $input.path('$.tags').size())
            #if($name == "rakib" && $count >= 2)
            first
            #elseif($name != "x" || false)
            second
            #else
            third
            #end
            #if(!$missing)none#end
            #if($count > 5)big#elseif($count < 1)small#{else}some#{end}
            """;
        Assert.Equal("first\nnone\nsome", Render(template));
        Assert.Equal("second\nnone\nsome", Render(template.Replace("\"rakib\"", "\"other\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void Foreach_with_hasNext_builds_json()
    {
        const string template = """
            [
            #foreach($tag in $input.path('$.tags'))
              "$tag"#if($foreach.hasNext),#end

            #end
            ]
            """;
        var rendered = Render(template);
        Assert.Equal(["a", "b"], JsonSerializer.Deserialize(rendered, TestJson.Default.StringArray)!);
    }

    [Fact]
    public void Maps_lists_and_quiet_references()
    {
        Assert.Equal("[path, querystring, header]", Render("#set($all = $input.params())$all.keySet()"));
        Assert.Equal("42", Render("#set($all = $input.params())$all.get('path').get('id')"));
        Assert.Equal("3", Render("#set($list = [1, 2, 3])$list.size()"));
        Assert.Equal("b", Render("#set($map = {'a': 1, 'b': 2})#foreach($k in $map.keySet())#if($map.get($k) == 2)$k#end#end"));
        Assert.Equal("[]", Render("[$!nothing]"));
        Assert.Equal("[$nothing]", Render("[$nothing]"));
        Assert.Equal("[$nothing.more]", Render("[$nothing.more]"));
        Assert.Equal("6", Render("#set($x = 2 * 3)$x"));
        Assert.Equal("x:1:2", Render("#foreach($i in [1..2])#if($foreach.first)x#end:$i#end"));
        Assert.Equal("kept", Render("#set($a = 'kept')#set($a = $nothing)$a"));
        Assert.Equal("price $5 and #1", Render("price $5 and #1"));
        Assert.Equal("$literal", Render("\\$literal"));
        Assert.Equal("ab", Render("a## comment\nb"));
        Assert.Equal("ab", Render("a#* block *#b"));
    }

    [Fact]
    public void The_method_request_passthrough_template_renders_valid_json()
    {
        const string template = """
            #set($allParams = $input.params())
            {
            "body-json" : $input.json('$'),
            "params" : {
            #foreach($type in $allParams.keySet())
                #set($params = $allParams.get($type))
            "$type" : {
                #foreach($paramName in $params.keySet())
                "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
                    #if($foreach.hasNext),#end
                #end
            }
                #if($foreach.hasNext),#end
            #end
            },
            "stage-variables" : {
            #foreach($key in $stageVariables.keySet())
            "$key" : "$util.escapeJavaScript($stageVariables.get($key))"
                #if($foreach.hasNext),#end
            #end
            },
            "context" : {
                "account-id" : "$context.identity.accountId",
                "http-method" : "$context.httpMethod",
                "request-id" : "$context.requestId",
                "resource-path" : "$context.resourcePath"
                }
            }
            """;
        using var document = JsonDocument.Parse(Render(template));
        var root = document.RootElement;
        Assert.Equal("rakib", root.GetProperty("body-json").GetProperty("username").GetString());
        Assert.Equal("42", root.GetProperty("params").GetProperty("path").GetProperty("id").GetString());
        Assert.Equal("k1", root.GetProperty("params").GetProperty("header").GetProperty("X-Key").GetString());
        Assert.Equal("dev", root.GetProperty("stage-variables").GetProperty("env").GetString());
        Assert.Equal("POST", root.GetProperty("context").GetProperty("http-method").GetString());
        Assert.Equal("", root.GetProperty("context").GetProperty("account-id").GetString());
    }

    [Theory]
    [InlineData("#macro(foo)x#end", "#macro")]
    [InlineData("#parse('x.vm')", "#parse")]
    [InlineData("#include('x')", "#include")]
    [InlineData("#evaluate('x')", "#evaluate")]
    [InlineData("#define($x)y#end", "#define")]
    [InlineData("#foreach($a in [1])#break#end", "#break")]
    [InlineData("#myMacro('x')", "#myMacro")]
    [InlineData("$util.toJson($x)", "toJson")]
    [InlineData("$util.qr", "$util.qr")]
    [InlineData("$input.path('$').foo.bar()", "bar()")]
    [InlineData("#if($a)x", "#end")]
    [InlineData("x#end", "#end")]
    [InlineData("#set($a = )", "expression")]
    public void Unsupported_or_broken_constructs_are_refused_when_parsed(string template, string named)
    {
        var e = Assert.Throws<TemplateException>(() => VelocityTemplate.Parse(template));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Response_overrides_are_reported_and_nothing_else_of_context_is_assignable()
    {
        var rendered = VelocityTemplate.Parse("""
            #set($context.responseOverride.status = 404)
            #set($context.responseOverride.header['X-Reason'] = "gone")
            #set($context.responseOverride.header.Retry = 5)
            #set($context.requestId = "ignored")
            {"id": "$context.requestId"}
            """).Render(Context(), out var overrides);
        Assert.Equal("""{"id": "req-1"}""", rendered);
        Assert.Equal(404, overrides!.Status);
        Assert.Equal("gone", overrides.Headers["X-Reason"]);
        Assert.Equal("5", overrides.Headers["Retry"]);
        VelocityTemplate.Parse("{}").Render(Context(), out var none);
        Assert.Null(none);
    }

    [Fact]
    public void A_template_nested_beyond_the_stack_is_refused_not_a_crash()
    {
        var deep = "#set($x = " + new string('(', 200_000) + "1" + new string(')', 200_000) + ")";
        Assert.Throws<TemplateException>(() => VelocityTemplate.Parse(deep));
        var ifs = string.Concat(Enumerable.Repeat("#if(true)", 100_000)) + string.Concat(Enumerable.Repeat("#end", 100_000));
        Assert.Throws<TemplateException>(() => VelocityTemplate.Parse(ifs));
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]), TypeInfoPropertyName = "StringArray")]
internal sealed partial class TestJson : System.Text.Json.Serialization.JsonSerializerContext;
