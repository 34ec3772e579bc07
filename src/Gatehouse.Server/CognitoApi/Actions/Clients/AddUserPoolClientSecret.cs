using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Clients;

internal sealed class AddUserPoolClientSecretRequest
{
    public string? UserPoolId { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
}

/// <summary>ClientSecretDescriptorType; the value only when Gatehouse generated it.</summary>
internal sealed class ClientSecretDescriptor
{
    public string? ClientSecretId { get; set; }
    public string? ClientSecretValue { get; set; }
    public DateTimeOffset? ClientSecretCreateDate { get; set; }

    public static ClientSecretDescriptor Of(ClientSecretEntry entry, bool withValue) =>
        new() { ClientSecretId = entry.Id, ClientSecretValue = withValue ? entry.Value : null, ClientSecretCreateDate = entry.Created };
}

internal sealed class AddUserPoolClientSecretResponse
{
    public ClientSecretDescriptor? ClientSecretDescriptor { get; set; }
}

/// <summary>
/// Gives a confidential client a second secret, for rotation without downtime: until DeleteUserPoolClientSecret
/// removes one, either secret authenticates the client (SECRET_HASH, the token endpoint, RevokeToken).
/// </summary>
internal sealed class AddUserPoolClientSecret(CognitoServices services) : CognitoAction<AddUserPoolClientSecretRequest, AddUserPoolClientSecretResponse>
{
    public const int MaxSecrets = 2;

    protected override JsonTypeInfo<AddUserPoolClientSecretRequest> RequestType => AddUserPoolClientSecretJson.Default.AddUserPoolClientSecretRequest;

    protected override JsonTypeInfo<AddUserPoolClientSecretResponse> ResponseType => AddUserPoolClientSecretJson.Default.AddUserPoolClientSecretResponse;

    protected override async Task<AddUserPoolClientSecretResponse> HandleAsync(AddUserPoolClientSecretRequest request, CognitoCall call)
    {
        ClientIdRequest.Validate(request.UserPoolId, request.ClientId);
        new Validation()
            .Length(request.ClientSecret, 24, 64, "clientSecret", sensitive: true)
            .Pattern(request.ClientSecret, Patterns.ClientId(), "clientSecret", sensitive: true)
            .ThrowIfAny();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var client = await CognitoServices.ClientOfPoolAsync(session, pool.Id, request.ClientId!, call).ConfigureAwait(false);
        var secrets = client.Secrets().ToList();
        if (secrets.Count == 0)
        {
            throw CognitoException.InvalidParameter($"Client {client.ClientId} has no secret; only a confidential app client can have secrets added.");
        }

        if (secrets.Count >= MaxSecrets)
        {
            throw new CognitoException("LimitExceededException", $"An app client can have at most {MaxSecrets} secrets. Delete one with DeleteUserPoolClientSecret first.");
        }

        // Ids are made of the creation time, so a second secret in the same millisecond moves to the next one.
        var created = services.Now;
        if (secrets.Any(s => s.Created >= created))
        {
            created = secrets.Max(s => s.Created).AddMilliseconds(1);
        }

        var entry = new ClientSecretEntry
        {
            Id = ClientSecretEntry.IdOf(client.ClientId, created),
            Value = request.ClientSecret ?? services.Ids.NewClientSecret(),
            Created = created,
        };
        secrets.Add(entry);
        client.SecretRotation = secrets;
        client.LastModifiedDate = services.Now;
        await session.SaveClientAsync(client, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new AddUserPoolClientSecretResponse { ClientSecretDescriptor = ClientSecretDescriptor.Of(entry, withValue: request.ClientSecret is null) };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(AddUserPoolClientSecretRequest))]
[JsonSerializable(typeof(AddUserPoolClientSecretResponse))]
internal sealed partial class AddUserPoolClientSecretJson : JsonSerializerContext;
