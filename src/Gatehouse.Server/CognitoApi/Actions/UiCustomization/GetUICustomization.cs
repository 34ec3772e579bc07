using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.Groups;

namespace Gatehouse.Server.CognitoApi.Actions.UiCustomization;

internal sealed class GetUICustomizationRequest
{
    public string? UserPoolId { get; set; }
    public string? ClientId { get; set; }
}

internal sealed class GetUICustomizationResponse
{
    public UICustomization UICustomization { get; set; } = new();
}

/// <summary>
/// The client's own customization, else the pool's default with <c>ClientId</c> <c>ALL</c>, else an empty
/// <c>UICustomization</c> object, as Cognito answers.
/// </summary>
internal sealed class GetUICustomization(CognitoServices services, IssuerUrls urls) : CognitoAction<GetUICustomizationRequest, GetUICustomizationResponse>
{
    protected override JsonTypeInfo<GetUICustomizationRequest> RequestType => GetUICustomizationJson.Default.GetUICustomizationRequest;

    protected override JsonTypeInfo<GetUICustomizationResponse> ResponseType => GetUICustomizationJson.Default.GetUICustomizationResponse;

    protected override async Task<GetUICustomizationResponse> HandleAsync(GetUICustomizationRequest request, CognitoCall call)
    {
        new Validation()
            .PoolId(request.UserPoolId)
            .Length(request.ClientId, 1, 128, "clientId", sensitive: true)
            .Pattern(request.ClientId, Patterns.ClientId(), "clientId", sensitive: true)
            .ThrowIfAny();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var clientId = request.ClientId ?? UiCustomizations.AllClients;
        if (clientId != UiCustomizations.AllClients)
        {
            await CognitoServices.ClientOfPoolAsync(session, pool.Id, clientId, call).ConfigureAwait(false);
        }

        return new GetUICustomizationResponse
        {
            UICustomization = await UiCustomizations.GetAsync(session, pool.Id, clientId, urls.PublicUrl, call.CancellationToken).ConfigureAwait(false),
        };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(GetUICustomizationRequest))]
[JsonSerializable(typeof(GetUICustomizationResponse))]
internal sealed partial class GetUICustomizationJson : JsonSerializerContext;
