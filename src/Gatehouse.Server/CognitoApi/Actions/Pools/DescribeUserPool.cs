using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Pools;

internal sealed class UserPoolIdRequest
{
    public string? UserPoolId { get; set; }

    public void Validate() => Validate(UserPoolId);

    public static void Validate(string? userPoolId) =>
        new Validation().Required(userPoolId, "userPoolId").Length(userPoolId, 1, 55, "userPoolId").Pattern(userPoolId, Patterns.PoolId(), "userPoolId").ThrowIfAny();
}

internal sealed class DescribeUserPool(CognitoServices services) : CognitoAction<UserPoolIdRequest, UserPoolResponse>
{
    protected override JsonTypeInfo<UserPoolIdRequest> RequestType => DescribeUserPoolJson.Default.UserPoolIdRequest;

    protected override JsonTypeInfo<UserPoolResponse> ResponseType => DescribeUserPoolJson.Default.UserPoolResponse;

    protected override async Task<UserPoolResponse> HandleAsync(UserPoolIdRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = CoreJson.Copy(await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false), CoreJson.Default.UserPool);
        pool.EstimatedNumberOfUsers = await session.CountUsersAsync(pool.Id, call.CancellationToken).ConfigureAwait(false);
        pool.Mfa = null;
        return new UserPoolResponse { UserPool = pool };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(UserPoolIdRequest))]
[JsonSerializable(typeof(UserPoolResponse))]
internal sealed partial class DescribeUserPoolJson : JsonSerializerContext;
