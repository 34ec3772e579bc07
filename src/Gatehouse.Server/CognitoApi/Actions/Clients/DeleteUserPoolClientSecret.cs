using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;

namespace Gatehouse.Server.CognitoApi.Actions.Clients;

internal sealed class DeleteUserPoolClientSecretRequest
{
    public string? UserPoolId { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecretId { get; set; }
}

/// <summary>
/// Ends one of a client's secrets; the other stays (and becomes the ClientSecret that DescribeUserPoolClient shows).
/// The last secret cannot be deleted.
/// </summary>
internal sealed class DeleteUserPoolClientSecret(CognitoServices services) : CognitoAction<DeleteUserPoolClientSecretRequest, Empty>
{
    protected override JsonTypeInfo<DeleteUserPoolClientSecretRequest> RequestType => DeleteUserPoolClientSecretJson.Default.DeleteUserPoolClientSecretRequest;

    protected override JsonTypeInfo<Empty> ResponseType => DeleteUserPoolClientSecretJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(DeleteUserPoolClientSecretRequest request, CognitoCall call)
    {
        ClientIdRequest.Validate(request.UserPoolId, request.ClientId);
        new Validation().Required(request.ClientSecretId, "clientSecretId").Length(request.ClientSecretId, 1, 128, "clientSecretId").ThrowIfAny();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var client = await CognitoServices.ClientOfPoolAsync(session, pool.Id, request.ClientId!, call).ConfigureAwait(false);
        var secrets = client.Secrets().ToList();
        var index = secrets.FindIndex(s => s.Id == request.ClientSecretId);
        if (index < 0)
        {
            throw CognitoException.ResourceNotFound($"Client secret {request.ClientSecretId} does not exist.");
        }

        if (secrets.Count == 1)
        {
            throw CognitoException.InvalidParameter("The last remaining secret of an app client cannot be deleted.");
        }

        secrets.RemoveAt(index);
        client.ClientSecret = secrets[0].Value;
        // Kept even with one entry left: that secret keeps its own id and date, which the one-secret form would derive
        // from the client's creation.
        client.SecretRotation = secrets;

        client.LastModifiedDate = services.Now;
        await session.SaveClientAsync(client, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(DeleteUserPoolClientSecretRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class DeleteUserPoolClientSecretJson : JsonSerializerContext;
