using System.Globalization;
using System.Text.Json.Serialization;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.HttpApis;
using Gatehouse.Core.Storage;

namespace Gatehouse.Server.ApiGatewayApi.V2;

/// <summary>An <c>apigatewayv2</c> operation with a JSON body.</summary>
internal abstract class HttpApiOperation<TRequest, TResponse>(ApiGatewayServices services) : ApiGatewayOperation<TRequest, TResponse>(services)
    where TRequest : class
    where TResponse : class
{
    public override string Service => HttpApiCalls.Service;
}

/// <summary>An <c>apigatewayv2</c> GET.</summary>
internal abstract class HttpApiQuery<TResponse>(ApiGatewayServices services) : ApiGatewayQuery<TResponse>(services)
    where TResponse : class
{
    public override string Service => HttpApiCalls.Service;
}

/// <summary>An <c>apigatewayv2</c> DELETE: 204, no body.</summary>
internal abstract class HttpApiDeletion(ApiGatewayServices services) : ApiGatewayDeletion(services)
{
    public override string Service => HttpApiCalls.Service;

    public override int SuccessStatus => 204;
}

/// <summary>A page of a v2 list: <c>{"items": [...], "nextToken": "..."}</c>.</summary>
internal sealed class ItemsPage<T>(List<T> items, string? nextToken = null)
{
    public List<T> Items { get; } = items;

    public string? NextToken { get; } = nextToken;
}

/// <summary>The body of <c>ImportApi</c> and <c>ReimportApi</c>: the OpenAPI document as a string.</summary>
internal sealed class ImportApiInput
{
    public string? Body { get; set; }
}

/// <summary>The load, save and paging steps every v2 operation repeats.</summary>
internal static class HttpApiCalls
{
    public const string Service = "apigatewayv2";

    /// <summary>The API of the call's <c>apiId</c>, or <c>Invalid API identifier specified {apiId}</c>.</summary>
    public static async Task<HttpApiDefinition> HttpApiAsync(this ApiGatewayServices services, IStoreSession session, ApiGatewayCall call) =>
        await HttpApiStore.FindAsync(session, call.Uri("apiId"), call.CancellationToken).ConfigureAwait(false)
            ?? throw HttpApiErrors.ApiNotFound(call.Uri("apiId"));

    /// <summary>
    /// Saves the API and commits, in one transaction. After a change to what a deployment freezes
    /// (<paramref name="redeploy"/>), <c>autoDeploy</c> stages are deployed first; automatic deployments no stage
    /// uses any more go.
    /// </summary>
    public static async Task SaveHttpApiAsync(this ApiGatewayServices services, IStoreSession session, HttpApiDefinition api, ApiGatewayCall call, bool redeploy, HttpApiDeploymentSnapshot? snapshot = null)
    {
        if (redeploy)
        {
            snapshot = HttpDeployments.AutoDeploy(api, services.Ids, services.Now) ?? snapshot;
        }

        if (snapshot is not null)
        {
            await HttpApiStore.SaveDeploymentAsync(session, snapshot, call.CancellationToken).ConfigureAwait(false);
        }

        foreach (var stale in HttpDeployments.PruneAutomatic(api))
        {
            await HttpApiStore.DeleteDeploymentAsync(session, api.Id, stale, call.CancellationToken).ConfigureAwait(false);
        }

        await HttpApiStore.SaveAsync(session, api, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>The API as answered: with its <c>apiEndpoint</c> on this server.</summary>
    public static HttpApi Answer(this HttpApiDefinition api, ApiGatewayCall call)
    {
        api.Api.ApiEndpoint = call.ApiEndpoint(api.Id);
        return api.Api;
    }

    /// <summary>One page by <c>maxResults</c>/<c>nextToken</c>; <paramref name="items"/> are in key order.</summary>
    public static ItemsPage<T> Page<T>(IEnumerable<T> items, Func<T, string> key, ApiGatewayCall call)
    {
        var (page, next) = Paging.Page(items, key, call.Query("nextToken"), MaxResults(call));
        return new ItemsPage<T>(page, next);
    }

    /// <summary>The <c>failOnWarnings</c> query parameter of an import.</summary>
    public static bool FailOnWarnings(ApiGatewayCall call) => call.Query("failOnWarnings") switch
    {
        null or "false" => false,
        "true" => true,
        var text => throw ApiGatewayException.BadRequest($"Invalid failOnWarnings: '{text}' is not a boolean."),
    };

    public static int? MaxResults(ApiGatewayCall call) => call.Query("maxResults") switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 => value,
        var text => throw ApiGatewayException.BadRequest($"Invalid maxResults: '{text}' is not a positive integer."),
    };
}

/// <summary>Source-generated serialization of the v2 wire shapes: camelCase, ISO 8601 dates.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Core.Json.Iso8601Converter)])]
[JsonSerializable(typeof(HttpApiInput))]
[JsonSerializable(typeof(HttpDeploymentInput))]
[JsonSerializable(typeof(ImportApiInput))]
[JsonSerializable(typeof(HttpApi))]
[JsonSerializable(typeof(Cors))]
[JsonSerializable(typeof(HttpRoute))]
[JsonSerializable(typeof(HttpIntegration))]
[JsonSerializable(typeof(HttpAuthorizer))]
[JsonSerializable(typeof(HttpStage))]
[JsonSerializable(typeof(HttpDeployment))]
[JsonSerializable(typeof(ItemsPage<HttpApi>))]
[JsonSerializable(typeof(ItemsPage<HttpRoute>))]
[JsonSerializable(typeof(ItemsPage<HttpIntegration>))]
[JsonSerializable(typeof(ItemsPage<HttpAuthorizer>))]
[JsonSerializable(typeof(ItemsPage<HttpStage>))]
[JsonSerializable(typeof(ItemsPage<HttpDeployment>))]
internal sealed partial class ApiGatewayV2Json : JsonSerializerContext;
