using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Domains;

internal sealed class DeleteUserPoolDomain(CognitoServices services) : CognitoAction<DomainRequest, Empty>
{
    protected override JsonTypeInfo<DomainRequest> RequestType => DeleteUserPoolDomainJson.Default.DomainRequest;

    protected override JsonTypeInfo<Empty> ResponseType => DeleteUserPoolDomainJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(DomainRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var domain = await DomainRules.OwnDomainAsync(session, pool, request.Domain!, call).ConfigureAwait(false);
        await UserPoolDomains.DeleteAsync(session, pool, domain.Domain!, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(DomainRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class DeleteUserPoolDomainJson : JsonSerializerContext;
