using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.Groups;

namespace Gatehouse.Server.CognitoApi.Actions.UiCustomization;

internal sealed class SetUICustomizationRequest
{
    public string? UserPoolId { get; set; }
    public string? ClientId { get; set; }
    public string? CSS { get; set; }

    /// <summary>Base64 on the wire; System.Text.Json decodes it, and bad base64 is a SerializationException.</summary>
    public byte[]? ImageFile { get; set; }
}

internal sealed class SetUICustomizationResponse
{
    public UICustomization? UICustomization { get; set; }
}

/// <summary>
/// Sets the classic hosted UI CSS and logo of the pool's default (<c>ClientId</c> absent or <c>ALL</c>) or of one
/// client, replacing both. The logo is served at <c>ImageUrl</c>, under this server's public URL.
/// </summary>
internal sealed class SetUICustomization(CognitoServices services, IssuerUrls urls) : CognitoAction<SetUICustomizationRequest, SetUICustomizationResponse>
{
    protected override JsonTypeInfo<SetUICustomizationRequest> RequestType => SetUICustomizationJson.Default.SetUICustomizationRequest;

    protected override JsonTypeInfo<SetUICustomizationResponse> ResponseType => SetUICustomizationJson.Default.SetUICustomizationResponse;

    protected override async Task<SetUICustomizationResponse> HandleAsync(SetUICustomizationRequest request, CognitoCall call)
    {
        new Validation()
            .PoolId(request.UserPoolId)
            .Length(request.ClientId, 1, 128, "clientId", sensitive: true)
            .Pattern(request.ClientId, Patterns.ClientId(), "clientId", sensitive: true)
            .Length(request.CSS, 0, 131072, "cSS")
            .Length(request.ImageFile, 0, 131072, "imageFile")
            .ThrowIfAny();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var clientId = request.ClientId ?? UiCustomizations.AllClients;
        if (clientId != UiCustomizations.AllClients)
        {
            await CognitoServices.ClientOfPoolAsync(session, pool.Id, clientId, call).ConfigureAwait(false);
        }

        var customization = await UiCustomizations.SetAsync(
            session, pool, clientId, request.CSS, request.ImageFile, services.Now, urls.PublicUrl, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new SetUICustomizationResponse { UICustomization = customization };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(SetUICustomizationRequest))]
[JsonSerializable(typeof(SetUICustomizationResponse))]
internal sealed partial class SetUICustomizationJson : JsonSerializerContext;
