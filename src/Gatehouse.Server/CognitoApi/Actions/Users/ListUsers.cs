using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.Pools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class ListUsersRequest
{
    public string? UserPoolId { get; set; }
    public List<string>? AttributesToGet { get; set; }
    public int? Limit { get; set; }
    public string? PaginationToken { get; set; }
    public string? Filter { get; set; }
}

internal sealed class ListUsersResponse
{
    public List<UserType> Users { get; set; } = [];
    public string? PaginationToken { get; set; }
}

internal sealed class ListUsers(CognitoServices services) : CognitoAction<ListUsersRequest, ListUsersResponse>
{
    private const int MaxLimit = 60;

    protected override JsonTypeInfo<ListUsersRequest> RequestType => ListUsersJson.Default.ListUsersRequest;

    protected override JsonTypeInfo<ListUsersResponse> ResponseType => ListUsersJson.Default.ListUsersResponse;

    protected override async Task<ListUsersResponse> HandleAsync(ListUsersRequest request, CognitoCall call)
    {
        UserPoolIdRequest.Validate(request.UserPoolId);
        var validation = new Validation()
            .Range(request.Limit, 0, MaxLimit, "limit")
            .Length(request.PaginationToken, 1, int.MaxValue, "paginationToken")
            .Pattern(request.PaginationToken, Patterns.Code(), "paginationToken")
            .Length(request.Filter, 0, 256, "filter");
        for (var i = 0; i < (request.AttributesToGet?.Count ?? 0); i++)
        {
            var name = request.AttributesToGet![i];
            var member = $"attributesToGet.{i + 1}.member";
            validation.Required(name, member).Length(name, 1, 32, member).Pattern(name, Patterns.AttributeName(), member);
        }

        validation.ThrowIfAny();
        var filter = UserFilterParser.Parse(request.Filter);
        var cursor = PageToken.Decode(request.PaginationToken);

        // The model allows 0, which AWS's documentation leaves unexplained; it is read as "the default page".
        var limit = request.Limit is null or 0 ? MaxLimit : request.Limit.Value;

        // An empty list, like a missing one, asks for every attribute.
        var only = request.AttributesToGet is { Count: > 0 } names ? names.ToHashSet(StringComparer.Ordinal) : null;

        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var page = await session.ListUsersAsync(pool.Id, filter, cursor, limit, call.CancellationToken).ConfigureAwait(false);
        return new ListUsersResponse
        {
            Users = page.Users.Select(u => UserType.From(u, only)).ToList(),
            PaginationToken = page.Next is null ? null : PageToken.Encode(page.Next),
        };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ListUsersRequest))]
[JsonSerializable(typeof(ListUsersResponse))]
internal sealed partial class ListUsersJson : JsonSerializerContext;
