using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gatehouse.Server.Operator;

/// <summary>
/// <c>GET /_gatehouse/ui/{poolId}/{clientId}/logo</c>: the logo of SetUICustomization, the <c>ImageUrl</c> it
/// answers with. A client without its own customization shows the pool's (<c>ALL</c>) logo, as on its hosted pages.
/// </summary>
internal static class UiLogoEndpoint
{
    public static async Task<IResult> GetAsync(string poolId, string clientId, HttpContext context, IGatehouseStore store, CancellationToken cancellationToken)
    {
        await using var session = await store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false);
        if (clientId != UiCustomizations.AllClients
            && (await session.GetClientAsync(clientId, cancellationToken).ConfigureAwait(false))?.UserPoolId != poolId)
        {
            return Results.NotFound();
        }

        var logo = await UiCustomizations.GetLogoAsync(session, poolId, clientId, cancellationToken).ConfigureAwait(false);
        if (logo is null)
        {
            return Results.NotFound();
        }

        // The URL stays the same when the logo changes, so caches revalidate each time; the ETag makes that a 304.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(logo.Bytes, logo.ContentType, lastModified: logo.LastModified, entityTag: EntityTagHeaderValue.Parse(logo.ETag));
    }
}
