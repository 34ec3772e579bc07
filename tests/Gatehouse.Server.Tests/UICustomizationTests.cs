using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>SetUICustomization and GetUICustomization: pool default and client level, AWS's errors, and the logo endpoint.</summary>
public sealed class UICustomizationTests : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 5, 6, 7, 8];
    private const string Css = ".logo-customizable { max-width: 60%; }\n.banner-customizable { background-color: #123456; }";

    private TestGatehouse _gatehouse = null!;
    private string _poolId = "";
    private string _clientId = "";
    private string _otherClientId = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _poolId = (await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "branded" }))["UserPool"]!["Id"]!.GetValue<string>();
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = _poolId, Domain = "branded" });
        _clientId = await ClientAsync(_poolId);
        _otherClientId = await ClientAsync(_poolId);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task The_pool_default_is_set_and_read_back_as_ALL()
    {
        var set = (await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _poolId, CSS = Css, ImageFile = Png }))["UICustomization"]!;

        Assert.Equal(_poolId, set["UserPoolId"]!.GetValue<string>());
        Assert.Equal("ALL", set["ClientId"]!.GetValue<string>());
        Assert.Equal($"{TestGatehouse.PublicUrl}/_gatehouse/ui/{_poolId}/ALL/logo", set["ImageUrl"]!.GetValue<string>());
        Assert.Equal(Css, set["CSS"]!.GetValue<string>());
        Assert.Equal("20261122120000", set["CSSVersion"]!.GetValue<string>());
        var now = _gatehouse.Clock.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(now, set["CreationDate"]!.GetValue<double>());
        Assert.Equal(now, set["LastModifiedDate"]!.GetValue<double>());

        var got = await GetAsync(null);
        Assert.True(JsonNode.DeepEquals(set, got), got.ToJsonString());
        Assert.True(JsonNode.DeepEquals(set, await GetAsync("ALL")));
    }

    [Fact]
    public async Task Client_settings_override_the_pools_and_other_clients_get_the_pools_as_ALL()
    {
        await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _poolId, ClientId = "ALL", CSS = Css, ImageFile = Png });
        var own = ".submitButton-customizable { background-color: green; }";
        var set = (await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _poolId, ClientId = _clientId, CSS = own }))["UICustomization"]!;
        Assert.Equal(_clientId, set["ClientId"]!.GetValue<string>());
        Assert.Null(set["ImageUrl"]);

        var mine = await GetAsync(_clientId);
        Assert.Equal(_clientId, mine["ClientId"]!.GetValue<string>());
        Assert.Equal(own, mine["CSS"]!.GetValue<string>());
        Assert.Null(mine["ImageUrl"]);

        var other = await GetAsync(_otherClientId);
        Assert.Equal("ALL", other["ClientId"]!.GetValue<string>());
        Assert.Equal(Css, other["CSS"]!.GetValue<string>());
        Assert.EndsWith($"/_gatehouse/ui/{_poolId}/ALL/logo", other["ImageUrl"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(new UiBranding(_clientId, own, null), await EffectiveAsync(_clientId));
        Assert.Equal(new UiBranding("ALL", Css, $"/_gatehouse/ui/{_poolId}/ALL/logo"), await EffectiveAsync(_otherClientId));
        Assert.True((await EffectiveAsync(null)).HasLogo);
    }

    [Fact]
    public async Task Nothing_set_reads_as_an_empty_UICustomization()
    {
        Assert.Empty((await GetAsync(null)).AsObject());
        Assert.Empty((await GetAsync(_clientId)).AsObject());
        Assert.Same(UiBranding.None, await EffectiveAsync(_clientId));
    }

    [Fact]
    public async Task Setting_again_replaces_CSS_and_logo_together_and_keeps_the_creation_date()
    {
        var first = (await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _poolId, ClientId = _clientId, CSS = Css, ImageFile = Png }))["UICustomization"]!;
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = (await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _poolId, ClientId = _clientId, ImageFile = Jpeg }))["UICustomization"]!;

        Assert.Equal(first["CreationDate"]!.GetValue<double>(), second["CreationDate"]!.GetValue<double>());
        Assert.Equal(first["LastModifiedDate"]!.GetValue<double>() + 300, second["LastModifiedDate"]!.GetValue<double>());
        Assert.Null(second["CSS"]);
        Assert.Null(second["CSSVersion"]);
        var logo = await _gatehouse.Http.GetAsync(new Uri(second["ImageUrl"]!.GetValue<string>()).PathAndQuery);
        Assert.Equal("image/jpeg", logo.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Jpeg, await logo.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Setting_neither_CSS_nor_image_returns_a_client_to_the_pools_settings()
    {
        await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _poolId, CSS = Css });
        await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _poolId, ClientId = _clientId, ImageFile = Png });
        var cleared = (await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _poolId, ClientId = _clientId }))["UICustomization"]!;
        Assert.Equal(_clientId, cleared["ClientId"]!.GetValue<string>());

        Assert.Equal("ALL", (await GetAsync(_clientId))["ClientId"]!.GetValue<string>());
        var logo = await _gatehouse.Http.GetAsync($"/_gatehouse/ui/{_poolId}/{_clientId}/logo");
        Assert.Equal(HttpStatusCode.NotFound, logo.StatusCode);
    }

    [Fact]
    public async Task Deleting_a_client_deletes_its_settings()
    {
        await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _poolId, ClientId = _clientId, CSS = Css });
        await _gatehouse.CallAsync("DeleteUserPoolClient", new { UserPoolId = _poolId, ClientId = _clientId });

        Assert.Same(UiBranding.None, await EffectiveAsync(_clientId));
        await _gatehouse.FailAsync("GetUICustomization", new { UserPoolId = _poolId, ClientId = _clientId }, "ResourceNotFoundException");
    }

    [Fact]
    public async Task Unknown_pools_and_clients_are_ResourceNotFoundException()
    {
        foreach (var action in new[] { "SetUICustomization", "GetUICustomization" })
        {
            var pool = await _gatehouse.FailAsync(action, new { UserPoolId = "us-east-1_missing", CSS = Css }, "ResourceNotFoundException");
            Assert.Equal("User pool us-east-1_missing does not exist.", pool.AwsMessage);
            var client = await _gatehouse.FailAsync(action, new { UserPoolId = _poolId, ClientId = "nosuchclient", CSS = Css }, "ResourceNotFoundException");
            Assert.Equal("User pool client nosuchclient does not exist.", client.AwsMessage);
        }

        var otherPool = (await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "other" }))["UserPool"]!["Id"]!.GetValue<string>();
        var foreign = await ClientAsync(otherPool);
        await _gatehouse.FailAsync("SetUICustomization", new { UserPoolId = _poolId, ClientId = foreign, CSS = Css }, "ResourceNotFoundException");
        await _gatehouse.FailAsync("GetUICustomization", new { UserPoolId = _poolId, ClientId = foreign }, "ResourceNotFoundException");
    }

    [Fact]
    public async Task A_pool_without_a_domain_cannot_be_customized()
    {
        var bare = (await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "bare" }))["UserPool"]!["Id"]!.GetValue<string>();

        var error = await _gatehouse.FailAsync("SetUICustomization", new { UserPoolId = bare, CSS = Css }, "InvalidParameterException");

        Assert.Equal("A domain must be associated with this user pool.", error.AwsMessage);
        Assert.Empty((await _gatehouse.CallAsync("GetUICustomization", new { UserPoolId = bare }))["UICustomization"]!.AsObject());
    }

    [Fact]
    public async Task Model_violations_are_InvalidParameterException()
    {
        var client = await _gatehouse.FailAsync("SetUICustomization", new { UserPoolId = _poolId, ClientId = "bad-id!", CSS = Css }, "InvalidParameterException");
        Assert.Equal("1 validation error detected: Value at 'clientId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+]+", client.AwsMessage);
        await _gatehouse.FailAsync("GetUICustomization", new { UserPoolId = "no pool" }, "InvalidParameterException");

        var css = await _gatehouse.FailAsync("SetUICustomization", new { UserPoolId = _poolId, CSS = new string(' ', 131073) }, "InvalidParameterException");
        Assert.EndsWith("at 'cSS' failed to satisfy constraint: Member must have length less than or equal to 131072", css.AwsMessage, StringComparison.Ordinal);

        var image = await _gatehouse.FailAsync("SetUICustomization", new { UserPoolId = _poolId, ImageFile = Png.Concat(new byte[131072]).ToArray() }, "InvalidParameterException");
        Assert.Equal("1 validation error detected: Value at 'imageFile' failed to satisfy constraint: Member must have length less than or equal to 131072", image.AwsMessage);

        var (status, body, _) = await _gatehouse.RawAsync("SetUICustomization", $$"""{"UserPoolId":"{{_poolId}}","ImageFile":"not base64!"}""");
        Assert.Equal(400, status);
        Assert.Equal("SerializationException", body!["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Logos_over_100_KB_or_not_PNG_or_JPEG_are_refused()
    {
        var largest = Png.Concat(new byte[UiCustomizations.MaxImageBytes - Png.Length]).ToArray();
        await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _poolId, ImageFile = largest });

        var tooLarge = await _gatehouse.FailAsync("SetUICustomization", new { UserPoolId = _poolId, ImageFile = largest.Append((byte)0).ToArray() }, "InvalidParameterException");
        Assert.Contains("at most 102400 bytes", tooLarge.AwsMessage, StringComparison.Ordinal);

        foreach (var notAnImage in new[] { "GIF89a..."u8.ToArray(), "<svg xmlns='http://www.w3.org/2000/svg'/>"u8.ToArray(), new byte[] { 0x89, 0x50 } })
        {
            var error = await _gatehouse.FailAsync("SetUICustomization", new { UserPoolId = _poolId, ImageFile = notAnImage }, "InvalidParameterException");
            Assert.Equal("The logo image must be a PNG or JPEG file.", error.AwsMessage);
        }
    }

    [Theory]
    [InlineData(".foo { color: red; }", "the selector '.foo' is not allowed")]
    [InlineData("body { display: none; }", "the selector 'body' is not allowed")]
    [InlineData(".logo-customizable, div { color: red; }", "the selector 'div' is not allowed")]
    [InlineData(".logo-customizable .x { color: red; }", "the selector '.logo-customizable .x' is not allowed")]
    [InlineData(".label-customizable:hover { color: red; }", "not allowed")]
    [InlineData("@import url(https://evil.example/x.css);", "at-rules")]
    [InlineData("@media (min-width: 1px) { .logo-customizable { color: red; } }", "at-rules")]
    [InlineData(".logo-customizable { color: red; } </style><script>alert(1)</script>", "'<'")]
    [InlineData(".logo-customizable { content: \"</style>\"; }", "'<'")]
    [InlineData(".logo-customizable { & ~ * { display: none; } }", "nested rules")]
    [InlineData(".logo-customizable { width: expression(alert(1)); }", "JavaScript")]
    [InlineData(".logo-customizable { background: url(javascript:alert(1)); }", "JavaScript")]
    [InlineData(".logo-customizable { color: red; ", "not closed")]
    [InlineData(".logo-customizable { content: \"open; }", "not closed")]
    [InlineData(".logo-customizable { color: red; } }", "without a matching")]
    [InlineData(".logo-customizable { color: red; } /* open", "comment is not closed")]
    [InlineData(".logo-customizable { color: \\72 ed; }", "escapes")]
    [InlineData(".logo-customizable", "a selector has no rule")]
    public async Task CSS_outside_Cognitos_rules_is_InvalidParameterException(string css, string expected)
    {
        var error = await _gatehouse.FailAsync("SetUICustomization", new { UserPoolId = _poolId, CSS = css }, "InvalidParameterException");
        Assert.StartsWith("Invalid CSS: ", error.AwsMessage, StringComparison.Ordinal);
        Assert.Contains(expected, error.AwsMessage, StringComparison.Ordinal);
        Assert.Empty((await GetAsync(null)).AsObject());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/* just a comment */")]
    [InlineData(".idpButton-customizable:hover, .submitButton-customizable:hover {\n  color: #fff;\n}")]
    [InlineData(".logo-customizable /* note */ { max-width: 80%; max-height: 30%; }")]
    [InlineData(".legalText-customizable { font-family: \"A {weird} ; font\", 'x@y'; }")]
    [InlineData(".passwordCheck-notValid-customizable{color:#DF3312}.passwordCheck-valid-customizable{color:#19BF00}")]
    public async Task CSS_within_Cognitos_rules_is_accepted_as_given(string css)
    {
        var set = await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _poolId, CSS = css });
        Assert.Equal(css, set["UICustomization"]!["CSS"]!.GetValue<string>());
        Assert.Equal(css, (await EffectiveAsync(null)).Css);
    }

    [Fact]
    public async Task The_logo_is_served_with_its_type_an_ETag_and_revalidation()
    {
        var set = (await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _poolId, ImageFile = Png }))["UICustomization"]!;
        var path = new Uri(set["ImageUrl"]!.GetValue<string>()).PathAndQuery;

        var response = await _gatehouse.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Png, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var etag = response.Headers.ETag!;
        Assert.False(etag.IsWeak);

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await _gatehouse.Http.SendAsync(again)).StatusCode);

        // A client without settings of its own shows the pool's logo at its own URL too.
        Assert.Equal(Png, await _gatehouse.Http.GetByteArrayAsync($"/_gatehouse/ui/{_poolId}/{_clientId}/logo"));

        await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _poolId, ImageFile = Jpeg });
        using var changed = new HttpRequestMessage(HttpMethod.Get, path);
        changed.Headers.IfNoneMatch.Add(etag);
        var fresh = await _gatehouse.Http.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(Jpeg, await fresh.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(etag, fresh.Headers.ETag);
    }

    [Fact]
    public async Task No_logo_unknown_pools_and_other_pools_clients_are_404()
    {
        var otherPool = (await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "other" }))["UserPool"]!["Id"]!.GetValue<string>();
        var foreign = await ClientAsync(otherPool);
        await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _poolId, ImageFile = Png, CSS = Css });
        await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _poolId, ClientId = _clientId, CSS = Css });

        foreach (var path in new[]
        {
            $"/_gatehouse/ui/{_poolId}/{_clientId}/logo",
            $"/_gatehouse/ui/{_poolId}/{foreign}/logo",
            $"/_gatehouse/ui/{_poolId}/nosuchclient/logo",
            $"/_gatehouse/ui/us-east-1_missing/ALL/logo",
            $"/_gatehouse/ui/{otherPool}/ALL/logo",
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await _gatehouse.Http.GetAsync(path)).StatusCode);
        }
    }

    private async Task<string> ClientAsync(string poolId) =>
        (await _gatehouse.CallAsync("CreateUserPoolClient", new { UserPoolId = poolId, ClientName = "app" }))["UserPoolClient"]!["ClientId"]!.GetValue<string>();

    private async Task<JsonNode> GetAsync(string? clientId) =>
        (await _gatehouse.CallAsync("GetUICustomization", clientId is null ? (object)new { UserPoolId = _poolId } : new { UserPoolId = _poolId, ClientId = clientId }))["UICustomization"]!;

    private async Task<UiBranding> EffectiveAsync(string? clientId)
    {
        await using var session = await _gatehouse.Services.GetRequiredService<IGatehouseStore>().OpenAsync(write: false, CancellationToken.None);
        return await UiCustomizations.GetEffectiveAsync(session, _poolId, clientId, CancellationToken.None);
    }
}
