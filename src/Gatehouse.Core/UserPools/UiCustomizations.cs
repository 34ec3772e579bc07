using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Core.Json;
using Gatehouse.Core.Storage;

namespace Gatehouse.Core.UserPools;

/// <summary>
/// Classic hosted UI branding (SetUICustomization), kept as never-expiring grants keyed by pool and client
/// (<c>ALL</c> for the pool's default), so they go with the pool when it is deleted. The logo bytes live in a second
/// grant of their own, as base64 in its JSON: a hosted page reads the small settings grant on every render and the
/// logo endpoint alone reads the image.
/// </summary>
public static class UiCustomizations
{
    /// <summary>The client id that stands for the pool's default.</summary>
    public const string AllClients = "ALL";

    /// <summary>The largest logo Cognito takes: 100 KB.</summary>
    public const int MaxImageBytes = 100 * 1024;

    private const string Kind = "ui-customization";
    private const string LogoKind = "ui-logo";

    /// <summary>Where this server serves the logo of a pool (<c>ALL</c>) or client, under its public URL.</summary>
    public static string LogoPath(string poolId, string clientId) =>
        $"/_gatehouse/ui/{Uri.EscapeDataString(poolId)}/{Uri.EscapeDataString(clientId)}/logo";

    /// <summary>
    /// Replaces the customization of the pool's default or of one client, CSS and logo together as Cognito does.
    /// Neither CSS nor image removes it, so a client falls back to the pool's default again. The caller has checked
    /// that the client belongs to the pool.
    /// </summary>
    public static async Task<UICustomization> SetAsync(
        IStoreSession session, UserPool pool, string clientId, string? css, byte[]? image, DateTimeOffset now, string publicUrl, CancellationToken cancellationToken)
    {
        if (pool.Domain is null)
        {
            throw CognitoException.InvalidParameter("A domain must be associated with this user pool.");
        }

        if (css is not null)
        {
            UiCss.Validate(css);
        }

        image = image is { Length: > 0 } ? image : null;
        var contentType = image is null ? null : ImageType(image);
        if (image is not null)
        {
            if (image.Length > MaxImageBytes)
            {
                throw CognitoException.InvalidParameter($"The logo image is {image.Length} bytes; it must be at most {MaxImageBytes} bytes (100 KB).");
            }

            if (contentType is null)
            {
                throw CognitoException.InvalidParameter("The logo image must be a PNG or JPEG file.");
            }
        }

        var id = IdOf(pool.Id, clientId);
        if (css is null && image is null)
        {
            await DeleteAsync(session, pool.Id, clientId, cancellationToken).ConfigureAwait(false);
            return new UICustomization { UserPoolId = pool.Id, ClientId = clientId, LastModifiedDate = now, CreationDate = now };
        }

        var previous = await ReadAsync(session, id, cancellationToken).ConfigureAwait(false);
        var stored = new StoredUiCustomization
        {
            UserPoolId = pool.Id,
            ClientId = clientId,
            Css = css,
            CssVersion = css is null ? null : now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
            LogoContentType = contentType,
            LogoETag = image is null ? null : $"\"{Convert.ToHexStringLower(SHA256.HashData(image).AsSpan(0, 16))}\"",
            CreationDate = previous?.CreationDate ?? now,
            LastModifiedDate = now,
        };
        await session.SaveGrantAsync(Grant(Kind, id, pool.Id, clientId, JsonSerializer.Serialize(stored, UiJson.Default.StoredUiCustomization)), cancellationToken)
            .ConfigureAwait(false);
        if (image is null)
        {
            await session.DeleteGrantAsync(LogoKind, id, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await session.SaveGrantAsync(Grant(LogoKind, id, pool.Id, clientId, JsonSerializer.Serialize(image, UiJson.Default.ByteArray)), cancellationToken)
                .ConfigureAwait(false);
        }

        return ToAws(stored, publicUrl);
    }

    /// <summary>
    /// GetUICustomization: the client's own customization, else the pool's default (with <c>ClientId</c> <c>ALL</c>,
    /// telling whose it is), else an empty one. The caller has checked that the client belongs to the pool.
    /// </summary>
    public static async Task<UICustomization> GetAsync(IStoreSession session, string poolId, string clientId, string publicUrl, CancellationToken cancellationToken)
    {
        var stored = await EffectiveAsync(session, poolId, clientId, cancellationToken).ConfigureAwait(false);
        return stored is null ? new UICustomization() : ToAws(stored, publicUrl);
    }

    /// <summary>
    /// The branding a hosted page applies for a client (null for the pool's default only): its CSS, already held to
    /// <see cref="UiCss"/>, and whether there is a logo and where.
    /// </summary>
    public static async Task<UiBranding> GetEffectiveAsync(IStoreSession session, string poolId, string? clientId, CancellationToken cancellationToken)
    {
        var stored = await EffectiveAsync(session, poolId, clientId ?? AllClients, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return UiBranding.None;
        }

        // Checked again on the way out, so a stylesheet stored by an older, laxer version can never open the page up.
        var css = stored.Css is not null && UiCss.Problem(stored.Css) is null ? stored.Css : null;
        return new UiBranding(stored.ClientId, css, stored.LogoETag is null ? null : LogoPath(poolId, stored.ClientId));
    }

    /// <summary>The logo a client shows (its own, else the pool's default), or null when it has none.</summary>
    public static async Task<UiLogo?> GetLogoAsync(IStoreSession session, string poolId, string clientId, CancellationToken cancellationToken)
    {
        var stored = await EffectiveAsync(session, poolId, clientId, cancellationToken).ConfigureAwait(false);
        if (stored?.LogoETag is null || stored.LogoContentType is null)
        {
            return null;
        }

        var grant = await session.GetGrantAsync(LogoKind, IdOf(poolId, stored.ClientId), cancellationToken).ConfigureAwait(false);
        var bytes = grant is null ? null : JsonSerializer.Deserialize(grant.Data, UiJson.Default.ByteArray);
        return bytes is null ? null : new UiLogo(bytes, stored.LogoContentType, stored.LogoETag, stored.LastModifiedDate);
    }

    /// <summary>Removes the customization of the pool's default or of one client, for example when the client is deleted.</summary>
    public static async Task DeleteAsync(IStoreSession session, string poolId, string clientId, CancellationToken cancellationToken)
    {
        var id = IdOf(poolId, clientId);
        await session.DeleteGrantAsync(Kind, id, cancellationToken).ConfigureAwait(false);
        await session.DeleteGrantAsync(LogoKind, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The image's media type from its signature: PNG or JPEG, the types Cognito takes; else null.</summary>
    public static string? ImageType(ReadOnlySpan<byte> image) =>
        image.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : image.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : null;

    private static async Task<StoredUiCustomization?> EffectiveAsync(IStoreSession session, string poolId, string clientId, CancellationToken cancellationToken)
    {
        var own = await ReadAsync(session, IdOf(poolId, clientId), cancellationToken).ConfigureAwait(false);
        return own ?? (clientId == AllClients ? null : await ReadAsync(session, IdOf(poolId, AllClients), cancellationToken).ConfigureAwait(false));
    }

    private static async Task<StoredUiCustomization?> ReadAsync(IStoreSession session, string id, CancellationToken cancellationToken)
    {
        var grant = await session.GetGrantAsync(Kind, id, cancellationToken).ConfigureAwait(false);
        return grant is null ? null : JsonSerializer.Deserialize(grant.Data, UiJson.Default.StoredUiCustomization);
    }

    private static UICustomization ToAws(StoredUiCustomization stored, string publicUrl) => new()
    {
        UserPoolId = stored.UserPoolId,
        ClientId = stored.ClientId,
        ImageUrl = stored.LogoETag is null ? null : publicUrl.TrimEnd('/') + LogoPath(stored.UserPoolId, stored.ClientId),
        CSS = stored.Css,
        CSSVersion = stored.CssVersion,
        LastModifiedDate = stored.LastModifiedDate,
        CreationDate = stored.CreationDate,
    };

    private static Grant Grant(string kind, string id, string poolId, string clientId, string data) => new()
    {
        Kind = kind,
        Id = id,
        PoolId = poolId,
        ClientId = clientId == AllClients ? null : clientId,
        Data = data,
        ExpiresAt = DateTimeOffset.MaxValue,
    };

    // A pool id never contains a newline, so the pair cannot collide with another pool's.
    private static string IdOf(string poolId, string clientId) => poolId + "\n" + clientId;
}

/// <summary>What the settings grant holds; the logo bytes are in their own grant.</summary>
internal sealed class StoredUiCustomization
{
    public string UserPoolId { get; set; } = "";
    public string ClientId { get; set; } = UiCustomizations.AllClients;
    public string? Css { get; set; }
    public string? CssVersion { get; set; }
    public string? LogoContentType { get; set; }
    public string? LogoETag { get; set; }
    public DateTimeOffset CreationDate { get; set; }
    public DateTimeOffset LastModifiedDate { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(StoredUiCustomization))]
[JsonSerializable(typeof(byte[]))]
internal sealed partial class UiJson : JsonSerializerContext;
