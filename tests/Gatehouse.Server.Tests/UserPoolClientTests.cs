using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>Create, describe, update, delete and list app clients, with AWS's validation and errors.</summary>
public sealed class UserPoolClientTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;

    public async Task InitializeAsync() => _gatehouse = await TestGatehouse.StartAsync();

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_generated_secret_has_51_characters_and_the_id_26_lowercase_ones()
    {
        var poolId = await CreatePoolAsync();
        var client = (await _gatehouse.CallAsync("CreateUserPoolClient", new { UserPoolId = poolId, ClientName = "web", GenerateSecret = true }))["UserPoolClient"]!;
        Assert.Matches("^[a-z0-9]{26}$", client["ClientId"]!.GetValue<string>());
        Assert.Matches("^[a-z0-9]{51}$", client["ClientSecret"]!.GetValue<string>());

        var plain = (await _gatehouse.CallAsync("CreateUserPoolClient", new { UserPoolId = poolId, ClientName = "spa" }))["UserPoolClient"]!;
        Assert.Null(plain["ClientSecret"]);
    }

    [Fact]
    public async Task Describe_returns_the_client_as_created_with_its_secret()
    {
        var poolId = await CreatePoolAsync();
        var created = await CreateClientAsync(poolId, new { UserPoolId = poolId, ClientName = "web", GenerateSecret = true, CallbackURLs = new[] { "https://app.example.com/cb" } });
        var described = (await _gatehouse.CallAsync("DescribeUserPoolClient", new { UserPoolId = poolId, ClientId = Id(created) }))["UserPoolClient"]!;
        Assert.True(JsonNode.DeepEquals(created, described));
        Assert.Equal(poolId, described["UserPoolId"]!.GetValue<string>());
        Assert.Equal(30, described["RefreshTokenValidity"]!.GetValue<int>());
        Assert.Equal("minutes", described["TokenValidityUnits"]!["AccessToken"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_clients_and_clients_of_another_pool_are_not_found()
    {
        var poolA = await CreatePoolAsync();
        var poolB = await CreatePoolAsync();
        var clientOfB = Id(await CreateClientAsync(poolB));

        var error = await _gatehouse.FailAsync("DescribeUserPoolClient", new { UserPoolId = poolA, ClientId = clientOfB }, "ResourceNotFoundException");
        Assert.Equal($"User pool client {clientOfB} does not exist.", error.AwsMessage);
        error = await _gatehouse.FailAsync("DescribeUserPoolClient", new { UserPoolId = poolA, ClientId = "nosuchclient" }, "ResourceNotFoundException");
        Assert.Equal("User pool client nosuchclient does not exist.", error.AwsMessage);
        error = await _gatehouse.FailAsync("DescribeUserPoolClient", new { UserPoolId = "us-east-1_nothere12", ClientId = clientOfB }, "ResourceNotFoundException");
        Assert.Equal("User pool us-east-1_nothere12 does not exist.", error.AwsMessage);

        foreach (var action in new[] { "UpdateUserPoolClient", "DeleteUserPoolClient" })
        {
            error = await _gatehouse.FailAsync(action, new { UserPoolId = poolA, ClientId = clientOfB }, "ResourceNotFoundException");
            Assert.Equal($"User pool client {clientOfB} does not exist.", error.AwsMessage);
        }

        await _gatehouse.CallAsync("DescribeUserPoolClient", new { UserPoolId = poolB, ClientId = clientOfB });
    }

    [Fact]
    public async Task Update_replaces_every_setting_and_keeps_id_secret_name_and_creation_date()
    {
        var poolId = await CreatePoolAsync();
        var created = await CreateClientAsync(poolId, new
        {
            UserPoolId = poolId,
            ClientName = "web",
            GenerateSecret = true,
            RefreshTokenValidity = 5,
            CallbackURLs = new[] { "https://app.example.com/cb" },
            AllowedOAuthFlows = new[] { "code" },
            AllowedOAuthScopes = new[] { "openid" },
            AllowedOAuthFlowsUserPoolClient = true,
            PreventUserExistenceErrors = "ENABLED",
        });
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(3));

        var updated = (await _gatehouse.CallAsync("UpdateUserPoolClient", new
        {
            UserPoolId = poolId,
            ClientId = Id(created),
            ExplicitAuthFlows = new[] { "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH" },
        }))["UserPoolClient"]!;

        Assert.Equal(Id(created), Id(updated));
        Assert.Equal("web", updated["ClientName"]!.GetValue<string>());
        Assert.Equal(created["ClientSecret"]!.GetValue<string>(), updated["ClientSecret"]!.GetValue<string>());
        Assert.Equal(created["CreationDate"]!.GetValue<double>(), updated["CreationDate"]!.GetValue<double>());
        Assert.Equal(created["LastModifiedDate"]!.GetValue<double>() + 180, updated["LastModifiedDate"]!.GetValue<double>());
        Assert.Equal(30, updated["RefreshTokenValidity"]!.GetValue<int>());
        Assert.Null(updated["CallbackURLs"]);
        Assert.Null(updated["AllowedOAuthFlows"]);
        Assert.False(updated["AllowedOAuthFlowsUserPoolClient"]!.GetValue<bool>());
        Assert.Equal("LEGACY", updated["PreventUserExistenceErrors"]!.GetValue<string>());
        Assert.Equal(2, updated["ExplicitAuthFlows"]!.AsArray().Count);

        var described = (await _gatehouse.CallAsync("DescribeUserPoolClient", new { UserPoolId = poolId, ClientId = Id(created) }))["UserPoolClient"]!;
        Assert.True(JsonNode.DeepEquals(updated, described));

        var renamed = (await _gatehouse.CallAsync("UpdateUserPoolClient", new { UserPoolId = poolId, ClientId = Id(created), ClientName = "web-2" }))["UserPoolClient"]!;
        Assert.Equal("web-2", renamed["ClientName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Callback_urls_must_be_https_except_for_localhost()
    {
        var poolId = await CreatePoolAsync();
        var client = await CreateClientAsync(poolId);
        foreach (var url in new[] { "http://localhost:3000/callback", "http://127.0.0.1/cb", "http://[::1]:8080/cb", "https://app.example.com/cb", "myapp://signin" })
        {
            var created = await CreateClientAsync(poolId, new { UserPoolId = poolId, ClientName = "c", CallbackURLs = new[] { url } });
            Assert.Equal(url, created["CallbackURLs"]![0]!.GetValue<string>());
            var updated = (await _gatehouse.CallAsync("UpdateUserPoolClient", new { UserPoolId = poolId, ClientId = Id(client), LogoutURLs = new[] { url } }))["UserPoolClient"]!;
            Assert.Equal(url, updated["LogoutURLs"]![0]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Other_callback_urls_are_refused_on_create_and_update()
    {
        var poolId = await CreatePoolAsync();
        var client = await CreateClientAsync(poolId);
        var before = await DescribeClientAsync(poolId, Id(client));
        foreach (var url in new[] { "http://app.example.com/cb", "http://192.168.1.50:5001/cb", "https://app.example.com/cb#fragment", "javascript:alert(1)", "not a url" })
        {
            await _gatehouse.FailAsync("CreateUserPoolClient", new { UserPoolId = poolId, ClientName = "c", CallbackURLs = new[] { url } }, "InvalidParameterException");
            await _gatehouse.FailAsync("UpdateUserPoolClient", new { UserPoolId = poolId, ClientId = Id(client), CallbackURLs = new[] { url } }, "InvalidParameterException");
            await _gatehouse.FailAsync("UpdateUserPoolClient", new { UserPoolId = poolId, ClientId = Id(client), LogoutURLs = new[] { url } }, "InvalidParameterException");
        }

        Assert.Single(await ListAllClientsAsync(poolId, 60));
        Assert.True(JsonNode.DeepEquals(before, await DescribeClientAsync(poolId, Id(client))));
    }

    [Fact]
    public async Task Failed_updates_change_nothing()
    {
        var poolId = await CreatePoolAsync();
        var client = await CreateClientAsync(poolId, new { UserPoolId = poolId, ClientName = "web", CallbackURLs = new[] { "https://a.example.com/cb" } });
        var before = await DescribeClientAsync(poolId, Id(client));
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(1));

        object[] bad =
        [
            new { UserPoolId = poolId, ClientId = Id(client), ClientName = "ok", CallbackURLs = new[] { "http://evil.example.com" } },
            new { UserPoolId = poolId, ClientId = Id(client), ClientName = "bad/name" },
            new { UserPoolId = poolId, ClientId = Id(client), AccessTokenValidity = 0 },
            new { UserPoolId = poolId, ClientId = Id(client), AccessTokenValidity = 2, TokenValidityUnits = new { AccessToken = "days" } },
            new { UserPoolId = poolId, ClientId = Id(client), ExplicitAuthFlows = new[] { "ALLOW_USER_SRP_AUTH", "USER_PASSWORD_AUTH" } },
            new { UserPoolId = poolId, ClientId = Id(client), AllowedOAuthFlows = new[] { "code", "client_credentials" }, AllowedOAuthScopes = new[] { "openid" } },
            new { UserPoolId = poolId, ClientId = Id(client), AllowedOAuthFlowsUserPoolClient = true },
            new { UserPoolId = poolId, ClientId = Id(client), CallbackURLs = new[] { "https://a.example.com/cb" }, DefaultRedirectURI = "https://b.example.com/cb" },
            new { UserPoolId = poolId, ClientId = Id(client), ReadAttributes = new[] { "custom:nope" } },
        ];
        foreach (var body in bad)
        {
            await _gatehouse.FailAsync("UpdateUserPoolClient", body, "InvalidParameterException");
        }

        await _gatehouse.RawAsync("UpdateUserPoolClient", $$"""{"UserPoolId":"{{poolId}}","ClientId":"{{Id(client)}}","ClientName":7}""");
        Assert.True(JsonNode.DeepEquals(before, await DescribeClientAsync(poolId, Id(client))));
    }

    [Fact]
    public async Task Unknown_read_and_write_attributes_use_AWS_wording()
    {
        var poolId = await CreatePoolAsync();
        var error = await _gatehouse.FailAsync("CreateUserPoolClient", new { UserPoolId = poolId, ClientName = "c", ReadAttributes = new[] { "custom:nope" } }, "InvalidParameterException");
        Assert.Equal("Invalid read attributes specified while creating a client", error.AwsMessage);
        var client = await CreateClientAsync(poolId);
        error = await _gatehouse.FailAsync("UpdateUserPoolClient", new { UserPoolId = poolId, ClientId = Id(client), WriteAttributes = new[] { "custom:nope" } }, "InvalidParameterException");
        Assert.Equal("Invalid write attributes specified while updating a client", error.AwsMessage);

        var allowed = (await _gatehouse.CallAsync("UpdateUserPoolClient", new
        {
            UserPoolId = poolId,
            ClientId = Id(client),
            ReadAttributes = new[] { "email", "email_verified" },
            WriteAttributes = new[] { "email" },
        }))["UserPoolClient"]!;
        Assert.Equal(2, allowed["ReadAttributes"]!.AsArray().Count);
    }

    [Fact]
    public async Task Client_ids_are_validated_without_echoing_them()
    {
        var poolId = await CreatePoolAsync();
        var error = await _gatehouse.FailAsync("DescribeUserPoolClient", new { UserPoolId = poolId }, "InvalidParameterException");
        Assert.Equal("1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null", error.AwsMessage);

        error = await _gatehouse.FailAsync("UpdateUserPoolClient", new { UserPoolId = poolId, ClientId = "bad-id!" }, "InvalidParameterException");
        Assert.StartsWith("1 validation error detected: Value at 'clientId' failed to satisfy constraint: Member must satisfy regular expression pattern", error.AwsMessage);
        Assert.DoesNotContain("bad-id!", error.AwsMessage);

        error = await _gatehouse.FailAsync("DeleteUserPoolClient", new { UserPoolId = "bad", ClientId = new string('a', 129) }, "InvalidParameterException");
        Assert.StartsWith("2 validation errors detected: Value 'bad' at 'userPoolId' failed to satisfy constraint", error.AwsMessage);
        Assert.Contains("Value at 'clientId' failed to satisfy constraint: Member must have length less than or equal to 128", error.AwsMessage);
    }

    [Theory]
    [InlineData("DescribeUserPoolClient", """{"UserPoolId": 12, "ClientId": "abc"}""")]
    [InlineData("DeleteUserPoolClient", """{"UserPoolId": "us-east-1_abc", "ClientId": ["abc"]}""")]
    [InlineData("UpdateUserPoolClient", """{"UserPoolId": "us-east-1_abc", "ClientId": "abc", "CallbackURLs": "https://x.example.com"}""")]
    [InlineData("UpdateUserPoolClient", """{"UserPoolId": "us-east-1_abc", "ClientId": "abc", "AllowedOAuthFlowsUserPoolClient": "yes"}""")]
    [InlineData("UpdateUserPoolClient", """{"UserPoolId": "us-east-1_abc", "ClientId": "abc", "RefreshTokenValidity": "30"}""")]
    [InlineData("ListUserPoolClients", """{"UserPoolId": "us-east-1_abc", "MaxResults": "10"}""")]
    [InlineData("ListUserPoolClients", """{"UserPoolId": "us-east-1_abc", "MaxResults": 1.5}""")]
    public async Task Mistyped_members_are_serialization_errors(string action, string body)
    {
        var (status, json, _) = await _gatehouse.RawAsync(action, body);
        Assert.Equal(400, status);
        Assert.Equal("SerializationException", json!["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_removes_only_that_client()
    {
        var poolId = await CreatePoolAsync();
        var doomed = Id(await CreateClientAsync(poolId));
        var kept = Id(await CreateClientAsync(poolId));

        var response = await _gatehouse.CallAsync("DeleteUserPoolClient", new { UserPoolId = poolId, ClientId = doomed });
        Assert.Empty(response.AsObject());
        await _gatehouse.FailAsync("DescribeUserPoolClient", new { UserPoolId = poolId, ClientId = doomed }, "ResourceNotFoundException");
        await _gatehouse.FailAsync("DeleteUserPoolClient", new { UserPoolId = poolId, ClientId = doomed }, "ResourceNotFoundException");
        Assert.Equal(new[] { kept }, (await ListAllClientsAsync(poolId, 60)).Select(c => c["ClientId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_pages_through_the_pool_s_clients_only()
    {
        var poolId = await CreatePoolAsync();
        var other = await CreatePoolAsync();
        await CreateClientAsync(other);
        var created = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(Id(await CreateClientAsync(poolId, new { UserPoolId = poolId, ClientName = $"client-{i}" })));
        }

        var first = await _gatehouse.CallAsync("ListUserPoolClients", new { UserPoolId = poolId, MaxResults = 2 });
        var entry = first["UserPoolClients"]![0]!.AsObject();
        Assert.Equal(new[] { "ClientId", "UserPoolId", "ClientName" }, entry.Select(p => p.Key));
        Assert.Equal(poolId, entry["UserPoolId"]!.GetValue<string>());

        var listed = await ListAllClientsAsync(poolId, 2);
        Assert.Equal(5, listed.Count);
        Assert.True(created.SetEquals(listed.Select(c => c["ClientId"]!.GetValue<string>())));

        var all = await _gatehouse.CallAsync("ListUserPoolClients", new { UserPoolId = poolId });
        Assert.Equal(5, all["UserPoolClients"]!.AsArray().Count);
        Assert.Null(all["NextToken"]);
    }

    [Fact]
    public async Task An_empty_pool_lists_no_clients()
    {
        var poolId = await CreatePoolAsync();
        var response = await _gatehouse.CallAsync("ListUserPoolClients", new { UserPoolId = poolId, MaxResults = 10 });
        Assert.Empty(response["UserPoolClients"]!.AsArray());
        Assert.Null(response["NextToken"]);
    }

    [Fact]
    public async Task List_validates_its_arguments()
    {
        var poolId = await CreatePoolAsync();
        var error = await _gatehouse.FailAsync("ListUserPoolClients", new { UserPoolId = poolId, MaxResults = 0 }, "InvalidParameterException");
        Assert.Equal("1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1", error.AwsMessage);
        error = await _gatehouse.FailAsync("ListUserPoolClients", new { UserPoolId = poolId, MaxResults = 61 }, "InvalidParameterException");
        Assert.Equal("1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60", error.AwsMessage);
        error = await _gatehouse.FailAsync("ListUserPoolClients", new { UserPoolId = poolId, NextToken = "%%%" }, "InvalidParameterException");
        Assert.Equal("Invalid pagination token.", error.AwsMessage);
        await _gatehouse.FailAsync("ListUserPoolClients", new { UserPoolId = poolId, NextToken = "a b" }, "InvalidParameterException");
        await _gatehouse.FailAsync("ListUserPoolClients", new { MaxResults = 10 }, "InvalidParameterException");
        await _gatehouse.FailAsync("ListUserPoolClients", new { UserPoolId = "us-east-1_nothere12" }, "ResourceNotFoundException");
    }

    private async Task<string> CreatePoolAsync() =>
        (await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "pool" }))["UserPool"]!["Id"]!.GetValue<string>();

    private async Task<JsonNode> CreateClientAsync(string poolId, object? body = null) =>
        (await _gatehouse.CallAsync("CreateUserPoolClient", body ?? new { UserPoolId = poolId, ClientName = "client" }))["UserPoolClient"]!;

    private async Task<JsonNode> DescribeClientAsync(string poolId, string clientId) =>
        (await _gatehouse.CallAsync("DescribeUserPoolClient", new { UserPoolId = poolId, ClientId = clientId }))["UserPoolClient"]!;

    private async Task<List<JsonNode>> ListAllClientsAsync(string poolId, int pageSize)
    {
        var all = new List<JsonNode>();
        string? token = null;
        do
        {
            object request = token is null
                ? new { UserPoolId = poolId, MaxResults = pageSize }
                : new { UserPoolId = poolId, MaxResults = pageSize, NextToken = token };
            var page = await _gatehouse.CallAsync("ListUserPoolClients", request);
            var items = page["UserPoolClients"]!.AsArray();
            Assert.InRange(items.Count, 0, pageSize);
            all.AddRange(items.Select(i => i!.DeepClone()));
            token = page["NextToken"]?.GetValue<string>();
        }
        while (token is not null);

        return all;
    }

    private static string Id(JsonNode client) => client["ClientId"]!.GetValue<string>();
}
