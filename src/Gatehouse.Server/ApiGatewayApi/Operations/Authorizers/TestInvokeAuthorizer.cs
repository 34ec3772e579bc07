using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.Authorizers;
using Gatehouse.Core.Gateway.Invocation;
using Gatehouse.Server.Gateway;
using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Authorizers;

internal sealed class TestInvokeAuthorizerRequest
{
    public Dictionary<string, string>? Headers { get; set; }
    public Dictionary<string, List<string>>? MultiValueHeaders { get; set; }
    public string? PathWithQueryString { get; set; }
    public string? Body { get; set; }
    public Dictionary<string, string>? StageVariables { get; set; }
    public Dictionary<string, string>? AdditionalContext { get; set; }
}

internal sealed class TestInvokeAuthorizerResponse
{
    public int ClientStatus { get; set; }
    public string? Log { get; set; }
    public long Latency { get; set; }
    public string? PrincipalId { get; set; }
    public Dictionary<string, string>? Claims { get; set; }
}

/// <summary>
/// Runs an authorizer of the API as it is now (deployed or not) on a request described by the caller, as the
/// console's Test button does: <c>clientStatus</c> 0 when the request would pass, else the status the caller would
/// get; the principal and, for Cognito user pool authorizers, the token's claims. Lambda authorizers are invoked
/// for real; the policy document they return is not echoed back.
/// </summary>
internal sealed class TestInvokeAuthorizer(ApiGatewayServices services) : ApiGatewayOperation<TestInvokeAuthorizerRequest, TestInvokeAuthorizerResponse>(services)
{
    public override string HttpMethod => "POST";

    public override string Route => "/restapis/{restapi_id}/authorizers/{authorizer_id}";

    protected override JsonTypeInfo<TestInvokeAuthorizerRequest> RequestType => TestInvokeAuthorizerJson.Default.TestInvokeAuthorizerRequest;

    protected override JsonTypeInfo<TestInvokeAuthorizerResponse> ResponseType => TestInvokeAuthorizerJson.Default.TestInvokeAuthorizerResponse;

    protected override async Task<TestInvokeAuthorizerResponse?> HandleAsync(TestInvokeAuthorizerRequest request, ApiGatewayCall call)
    {
        Authorizer authorizer;
        await using (var session = await Services.ReadAsync(call).ConfigureAwait(false))
        {
            var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
            authorizer = AuthorizerRules.Get(api, call.Uri("authorizer_id"));
        }

        var started = Services.Timestamp();
        var headers = new Dictionary<string, string>(request.Headers ?? [], StringComparer.OrdinalIgnoreCase);
        var multiValueHeaders = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.MultiValueHeaders ?? [])
        {
            multiValueHeaders[name] = values;
            headers.TryAdd(name, string.Join(',', values));
        }

        foreach (var (name, value) in headers)
        {
            multiValueHeaders.TryAdd(name, [value]);
        }

        var pathAndQuery = string.IsNullOrEmpty(request.PathWithQueryString) ? "/" : request.PathWithQueryString;
        var mark = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var rawQuery = mark < 0 ? "" : pathAndQuery[(mark + 1)..];
        var query = QueryHelpers.ParseQuery(rawQuery).ToDictionary(q => q.Key, q => q.Value[^1] ?? "", StringComparer.Ordinal);

        var stageVariables = request.StageVariables ?? [];
        var path = mark < 0 ? pathAndQuery : pathAndQuery[..mark];
        var gatewayRequest = new GatewayRequest
        {
            Headers = headers,
            Query = query,
            HttpMethod = "GET",
            Path = path,
            StageVariables = stageVariables,
            MultiValueHeaders = multiValueHeaders,
            RawQueryString = rawQuery,
            Invocation = new InvocationContext
            {
                RequestId = call.RequestId,
                AccountId = Services.AccountId,
                ApiId = call.Uri("restapi_id"),
                Stage = "test-invoke-stage",
                HttpMethod = "GET",
                Path = path,
                Headers = headers,
                Query = query,
                StageVariables = stageVariables,
                Body = request.Body ?? "",
                RequestTime = Services.Now,
            },
        };

        var decision = Services.Stages.RestAuthorizer(authorizer) is { } built
            ? await built.AuthorizeAsync(gatewayRequest, AuthorizationRequirements.None, call.CancellationToken).ConfigureAwait(false)
            : AuthorizerDeny.ConfigurationError;
        var response = new TestInvokeAuthorizerResponse { Latency = Services.MillisecondsSince(started) };
        var log = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Execution log for request {call.RequestId}\n")
            .Append(CultureInfo.InvariantCulture, $"{Services.Now:ddd MMM dd HH:mm:ss 'UTC' yyyy} : Starting authorizer: {authorizer.Id} for request: {call.RequestId}\n");
        if (decision is AuthorizerAllow allow)
        {
            response.ClientStatus = 0;
            response.PrincipalId = allow.PrincipalId;
            if (authorizer.Type == "COGNITO_USER_POOLS")
            {
                response.Claims = allow.Claims.EnumerateObject().ToDictionary(c => c.Name, c => ProxyEvents.ClaimText(c.Name, c.Value, rest: true), StringComparer.Ordinal);
            }

            log.Append(CultureInfo.InvariantCulture, $"{Services.Now:ddd MMM dd HH:mm:ss 'UTC' yyyy} : Authorizer succeeded, principalId: {allow.PrincipalId}\n");
        }
        else
        {
            var deny = (AuthorizerDeny)decision;
            response.ClientStatus = deny.StatusCode;
            log.Append(CultureInfo.InvariantCulture, $"{Services.Now:ddd MMM dd HH:mm:ss 'UTC' yyyy} : {deny.ResponseType}: {deny.Message}\n");
        }

        response.Log = log.ToString();
        return response;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TestInvokeAuthorizerRequest))]
[JsonSerializable(typeof(TestInvokeAuthorizerResponse))]
internal sealed partial class TestInvokeAuthorizerJson : JsonSerializerContext;
