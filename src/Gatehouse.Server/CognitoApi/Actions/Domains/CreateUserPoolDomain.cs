using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.Groups;

namespace Gatehouse.Server.CognitoApi.Actions.Domains;

internal sealed class CreateUserPoolDomain(CognitoServices services) : CognitoAction<DomainRequest, DomainChangeResponse>
{
    protected override JsonTypeInfo<DomainRequest> RequestType => CreateUserPoolDomainJson.Default.DomainRequest;

    protected override JsonTypeInfo<DomainChangeResponse> ResponseType => CreateUserPoolDomainJson.Default.DomainChangeResponse;

    protected override async Task<DomainChangeResponse> HandleAsync(DomainRequest request, CognitoCall call)
    {
        DomainRules.Domain(new Validation(), request.Domain)
            .PoolId(request.UserPoolId)
            .ManagedLoginVersion(request.ManagedLoginVersion)
            .ThrowIfAny();
        DomainRules.RejectCustomDomain(request);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        if (await UserPoolDomains.GetAsync(session, request.Domain!, call.CancellationToken).ConfigureAwait(false) is not null)
        {
            throw CognitoException.InvalidParameter("Domain already associated with another user pool.");
        }

        if (pool.Domain is not null)
        {
            throw CognitoException.InvalidParameter("User pool already has a domain configured.");
        }

        var domain = new UserPoolDomain
        {
            UserPoolId = pool.Id,
            AWSAccountId = services.Options.AccountId,
            Domain = request.Domain,
            Status = "ACTIVE",
            ManagedLoginVersion = request.ManagedLoginVersion ?? 1,
        };
        await UserPoolDomains.SaveAsync(session, pool, domain, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new DomainChangeResponse { ManagedLoginVersion = domain.ManagedLoginVersion };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DomainRequest))]
[JsonSerializable(typeof(DomainChangeResponse))]
internal sealed partial class CreateUserPoolDomainJson : JsonSerializerContext;
