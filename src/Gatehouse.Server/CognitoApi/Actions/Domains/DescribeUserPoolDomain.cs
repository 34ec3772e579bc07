using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Domains;

internal sealed class DescribeUserPoolDomainRequest
{
    public string? Domain { get; set; }
}

internal sealed class DescribeUserPoolDomainResponse
{
    public UserPoolDomain DomainDescription { get; set; } = new();
}

/// <summary>An unknown domain is not an error: AWS answers with an empty DomainDescription.</summary>
internal sealed class DescribeUserPoolDomain(CognitoServices services) : CognitoAction<DescribeUserPoolDomainRequest, DescribeUserPoolDomainResponse>
{
    protected override JsonTypeInfo<DescribeUserPoolDomainRequest> RequestType => DescribeUserPoolDomainJson.Default.DescribeUserPoolDomainRequest;

    protected override JsonTypeInfo<DescribeUserPoolDomainResponse> ResponseType => DescribeUserPoolDomainJson.Default.DescribeUserPoolDomainResponse;

    protected override async Task<DescribeUserPoolDomainResponse> HandleAsync(DescribeUserPoolDomainRequest request, CognitoCall call)
    {
        DomainRules.Domain(new Validation(), request.Domain).ThrowIfAny();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var domain = await UserPoolDomains.GetAsync(session, request.Domain!, call.CancellationToken).ConfigureAwait(false);
        return new DescribeUserPoolDomainResponse { DomainDescription = domain ?? new UserPoolDomain() };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DescribeUserPoolDomainRequest))]
[JsonSerializable(typeof(DescribeUserPoolDomainResponse))]
internal sealed partial class DescribeUserPoolDomainJson : JsonSerializerContext;
