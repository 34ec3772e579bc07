using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Clients;

internal sealed class ListUserPoolClientSecretsRequest
{
    public string? UserPoolId { get; set; }
    public string? ClientId { get; set; }
    public string? NextToken { get; set; }
}

internal sealed class ListUserPoolClientSecretsResponse
{
    public List<ClientSecretDescriptor> ClientSecrets { get; set; } = [];
}

/// <summary>The ids and creation dates of a client's secrets (at most two, so one page), never their values.</summary>
internal sealed class ListUserPoolClientSecrets(CognitoServices services) : CognitoAction<ListUserPoolClientSecretsRequest, ListUserPoolClientSecretsResponse>
{
    protected override JsonTypeInfo<ListUserPoolClientSecretsRequest> RequestType => ListUserPoolClientSecretsJson.Default.ListUserPoolClientSecretsRequest;

    protected override JsonTypeInfo<ListUserPoolClientSecretsResponse> ResponseType => ListUserPoolClientSecretsJson.Default.ListUserPoolClientSecretsResponse;

    protected override async Task<ListUserPoolClientSecretsResponse> HandleAsync(ListUserPoolClientSecretsRequest request, CognitoCall call)
    {
        ClientIdRequest.Validate(request.UserPoolId, request.ClientId);
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var client = await CognitoServices.ClientOfPoolAsync(session, pool.Id, request.ClientId!, call).ConfigureAwait(false);
        return new ListUserPoolClientSecretsResponse { ClientSecrets = [.. client.Secrets().Select(s => ClientSecretDescriptor.Of(s, withValue: false))] };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ListUserPoolClientSecretsRequest))]
[JsonSerializable(typeof(ListUserPoolClientSecretsResponse))]
internal sealed partial class ListUserPoolClientSecretsJson : JsonSerializerContext;
