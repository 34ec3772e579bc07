using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Devices;

internal sealed class AdminListDevicesRequest
{
    public string? UserPoolId { get; set; }
    public string? Username { get; set; }
    public int? Limit { get; set; }
    public string? PaginationToken { get; set; }

    public void Validate() => new Validation().PoolUser(UserPoolId, Username).Page(Limit, PaginationToken).ThrowIfAny();
}

internal sealed class AdminListDevices(CognitoServices services) : CognitoAction<AdminListDevicesRequest, ListDevicesResponse>
{
    protected override JsonTypeInfo<AdminListDevicesRequest> RequestType => AdminListDevicesJson.Default.AdminListDevicesRequest;

    protected override JsonTypeInfo<ListDevicesResponse> ResponseType => AdminListDevicesJson.Default.ListDevicesResponse;

    protected override async Task<ListDevicesResponse> HandleAsync(AdminListDevicesRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var (pool, user) = await DeviceRules.AdminUserAsync(session, request.UserPoolId!, request.Username!, call).ConfigureAwait(false);
        return await DeviceRules.PageAsync(services, session, pool.Id, user.Key, request.Limit, request.PaginationToken, call).ConfigureAwait(false);
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(AdminListDevicesRequest))]
[JsonSerializable(typeof(ListDevicesResponse))]
internal sealed partial class AdminListDevicesJson : JsonSerializerContext;
