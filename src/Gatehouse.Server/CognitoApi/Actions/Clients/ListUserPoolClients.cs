using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Server.CognitoApi.Actions.Pools;

namespace Gatehouse.Server.CognitoApi.Actions.Clients;

internal sealed class ListUserPoolClientsRequest
{
    public string? UserPoolId { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
}

internal sealed class UserPoolClientDescription
{
    public string? ClientId { get; set; }
    public string? UserPoolId { get; set; }
    public string? ClientName { get; set; }
}

internal sealed class ListUserPoolClientsResponse
{
    public List<UserPoolClientDescription> UserPoolClients { get; set; } = [];
    public string? NextToken { get; set; }
}

internal sealed class ListUserPoolClients(CognitoServices services) : CognitoAction<ListUserPoolClientsRequest, ListUserPoolClientsResponse>
{
    // MaxResults is optional here, unlike ListUserPools; AWS's page size then is its maximum.
    private const int MaxPage = 60;

    protected override JsonTypeInfo<ListUserPoolClientsRequest> RequestType => ListUserPoolClientsJson.Default.ListUserPoolClientsRequest;

    protected override JsonTypeInfo<ListUserPoolClientsResponse> ResponseType => ListUserPoolClientsJson.Default.ListUserPoolClientsResponse;

    protected override async Task<ListUserPoolClientsResponse> HandleAsync(ListUserPoolClientsRequest request, CognitoCall call)
    {
        UserPoolIdRequest.Validate(request.UserPoolId);
        new Validation()
            .Range(request.MaxResults, 1, MaxPage, "maxResults")
            .Length(request.NextToken, 1, 131072, "nextToken")
            .Pattern(request.NextToken, Patterns.Code(), "nextToken")
            .ThrowIfAny();
        var limit = request.MaxResults ?? MaxPage;
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var after = PageToken.Decode(request.NextToken);
        var clients = await session.ListClientsAsync(pool.Id, after, limit + 1, call.CancellationToken).ConfigureAwait(false);
        var (page, next) = PageToken.Cut(clients, limit, c => c.ClientId);
        return new ListUserPoolClientsResponse
        {
            UserPoolClients = page.Select(c => new UserPoolClientDescription { ClientId = c.ClientId, UserPoolId = c.UserPoolId, ClientName = c.ClientName }).ToList(),
            NextToken = next,
        };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ListUserPoolClientsRequest))]
[JsonSerializable(typeof(ListUserPoolClientsResponse))]
internal sealed partial class ListUserPoolClientsJson : JsonSerializerContext;
