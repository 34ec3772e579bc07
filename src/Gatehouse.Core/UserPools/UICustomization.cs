namespace Gatehouse.Core.UserPools;

/// <summary>
/// The classic hosted UI branding of a pool or one of its clients, shaped as AWS's <c>UICustomizationType</c>.
/// <see cref="ClientId"/> is <c>ALL</c> for the pool's default. Every member is null when nothing is set, which
/// AWS renders as an empty object.
/// </summary>
public sealed class UICustomization
{
    public string? UserPoolId { get; set; }
    public string? ClientId { get; set; }
    public string? ImageUrl { get; set; }
    public string? CSS { get; set; }
    public string? CSSVersion { get; set; }
    public DateTimeOffset? LastModifiedDate { get; set; }
    public DateTimeOffset? CreationDate { get; set; }
}

/// <summary>
/// What a hosted page applies for one client: the client's own customization, else the pool's <c>ALL</c> one.
/// </summary>
/// <param name="ClientId">Whose customization this is: the client id, <c>ALL</c>, or null when nothing is set.</param>
/// <param name="Css">A stylesheet checked by <see cref="UiCss"/>, safe inside a <c>&lt;style&gt;</c> element; null for none.</param>
/// <param name="LogoPath">The logo's path on this server (<c>/_gatehouse/ui/{poolId}/{clientId}/logo</c>); null for no logo.</param>
public sealed record UiBranding(string? ClientId, string? Css, string? LogoPath)
{
    /// <summary>No customization: the hosted pages' own look.</summary>
    public static readonly UiBranding None = new(null, null, null);

    public bool HasLogo => LogoPath is not null;
}

/// <summary>A logo as the logo endpoint serves it.</summary>
/// <param name="Bytes">The image file as uploaded.</param>
/// <param name="ContentType"><c>image/png</c> or <c>image/jpeg</c>.</param>
/// <param name="ETag">A quoted strong entity tag derived from the bytes.</param>
/// <param name="LastModified">When the customization that holds it was last set.</param>
public sealed record UiLogo(byte[] Bytes, string ContentType, string ETag, DateTimeOffset LastModified);
