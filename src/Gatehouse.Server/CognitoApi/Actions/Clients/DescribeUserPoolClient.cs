using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Clients;

/// <summary>A request that names one app client of one pool.</summary>
internal sealed class ClientIdRequest
{
    public string? UserPoolId { get; set; }
    public string? ClientId { get; set; }

    public void Validate() => Validate(UserPoolId, ClientId);

    // AWS models the client id as sensitive, so its value stays out of the message.
    public static void Validate(string? userPoolId, string? clientId) =>
        new Validation()
            .Required(userPoolId, "userPoolId")
            .Length(userPoolId, 1, 55, "userPoolId")
            .Pattern(userPoolId, Patterns.PoolId(), "userPoolId")
            .Required(clientId, "clientId")
            .Length(clientId, 1, 128, "clientId", sensitive: true)
            .Pattern(clientId, Patterns.ClientId(), "clientId", sensitive: true)
            .ThrowIfAny();
}

internal sealed class DescribeUserPoolClient(CognitoServices services) : CognitoAction<ClientIdRequest, UserPoolClientResponse>
{
    protected override JsonTypeInfo<ClientIdRequest> RequestType => DescribeUserPoolClientJson.Default.ClientIdRequest;

    protected override JsonTypeInfo<UserPoolClientResponse> ResponseType => DescribeUserPoolClientJson.Default.UserPoolClientResponse;

    protected override async Task<UserPoolClientResponse> HandleAsync(ClientIdRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var client = await CognitoServices.ClientOfPoolAsync(session, pool.Id, request.ClientId!, call).ConfigureAwait(false);
        return UserPoolClientResponse.Of(client);
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ClientIdRequest))]
[JsonSerializable(typeof(UserPoolClientResponse))]
internal sealed partial class DescribeUserPoolClientJson : JsonSerializerContext;
