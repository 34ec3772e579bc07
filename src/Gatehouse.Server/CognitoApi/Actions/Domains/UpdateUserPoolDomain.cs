using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.Groups;

namespace Gatehouse.Server.CognitoApi.Actions.Domains;

/// <summary>A prefix domain has only its managed login version to change.</summary>
internal sealed class UpdateUserPoolDomain(CognitoServices services) : CognitoAction<DomainRequest, DomainChangeResponse>
{
    protected override JsonTypeInfo<DomainRequest> RequestType => UpdateUserPoolDomainJson.Default.DomainRequest;

    protected override JsonTypeInfo<DomainChangeResponse> ResponseType => UpdateUserPoolDomainJson.Default.DomainChangeResponse;

    protected override async Task<DomainChangeResponse> HandleAsync(DomainRequest request, CognitoCall call)
    {
        DomainRules.Domain(new Validation(), request.Domain)
            .PoolId(request.UserPoolId)
            .ManagedLoginVersion(request.ManagedLoginVersion)
            .ThrowIfAny();
        DomainRules.RejectCustomDomain(request);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var domain = await DomainRules.OwnDomainAsync(session, pool, request.Domain!, call).ConfigureAwait(false);
        domain.ManagedLoginVersion = request.ManagedLoginVersion ?? domain.ManagedLoginVersion;
        await UserPoolDomains.SaveAsync(session, pool, domain, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new DomainChangeResponse { ManagedLoginVersion = domain.ManagedLoginVersion };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DomainRequest))]
[JsonSerializable(typeof(DomainChangeResponse))]
internal sealed partial class UpdateUserPoolDomainJson : JsonSerializerContext;
