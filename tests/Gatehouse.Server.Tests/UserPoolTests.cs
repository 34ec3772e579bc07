using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>Create, describe, update, delete and list user pools, and add custom attributes.</summary>
public sealed class UserPoolTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;

    public async Task InitializeAsync() => _gatehouse = await TestGatehouse.StartAsync();

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_created_pool_is_described_with_AWS_defaults()
    {
        var created = (await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "my pool" }))["UserPool"]!;
        var id = created["Id"]!.GetValue<string>();
        Assert.Matches("^us-east-1_[A-Za-z0-9]{9}$", id);
        Assert.Null(created["Mfa"]);

        var pool = await DescribeAsync(id);
        Assert.Equal("my pool", pool["Name"]!.GetValue<string>());
        Assert.Equal($"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{id}", pool["Arn"]!.GetValue<string>());
        Assert.Equal(_gatehouse.Clock.GetUtcNow().ToUnixTimeSeconds(), pool["CreationDate"]!.GetValue<double>());
        Assert.Equal("OFF", pool["MfaConfiguration"]!.GetValue<string>());
        Assert.Equal("INACTIVE", pool["DeletionProtection"]!.GetValue<string>());
        Assert.Equal(0, pool["EstimatedNumberOfUsers"]!.GetValue<long>());
        Assert.Equal(8, pool["Policies"]!["PasswordPolicy"]!["MinimumLength"]!.GetValue<int>());
        Assert.Null(pool["Mfa"]);
    }

    [Fact]
    public async Task ListUserPools_pages_through_every_pool()
    {
        var created = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await CreatePoolAsync($"pool-{i}"));
        }

        var listed = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            object request = token is null ? new { MaxResults = 2 } : new { MaxResults = 2, NextToken = token };
            var page = await _gatehouse.CallAsync("ListUserPools", request);
            listed.AddRange(page["UserPools"]!.AsArray().Select(p => p!["Id"]!.GetValue<string>()));
            token = page["NextToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.Equal(2, pages);
        Assert.True(created.SetEquals(listed));
    }

    [Fact]
    public async Task Deletion_protection_blocks_DeleteUserPool_until_it_is_updated_away()
    {
        var id = (await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "kept", DeletionProtection = "ACTIVE" }))["UserPool"]!["Id"]!.GetValue<string>();
        var error = await _gatehouse.FailAsync("DeleteUserPool", new { UserPoolId = id }, "InvalidParameterException");
        Assert.Equal("The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.", error.AwsMessage);
        await DescribeAsync(id);

        await _gatehouse.CallAsync("UpdateUserPool", new { UserPoolId = id, DeletionProtection = "INACTIVE" });
        await _gatehouse.CallAsync("DeleteUserPool", new { UserPoolId = id });
        await _gatehouse.FailAsync("DescribeUserPool", new { UserPoolId = id }, "ResourceNotFoundException");
        await _gatehouse.FailAsync("DeleteUserPool", new { UserPoolId = id }, "ResourceNotFoundException");
    }

    [Fact]
    public async Task UpdateUserPool_resets_what_it_leaves_out_and_keeps_identity_and_schema()
    {
        var id = (await _gatehouse.CallAsync("CreateUserPool", new
        {
            PoolName = "original",
            UsernameAttributes = new[] { "email" },
            AutoVerifiedAttributes = new[] { "email" },
            DeletionProtection = "ACTIVE",
            Policies = new { PasswordPolicy = new { MinimumLength = 12, RequireSymbols = false } },
            UserPoolTags = new Dictionary<string, string> { ["team"] = "auth" },
            Schema = new[] { new { Name = "tenant", AttributeDataType = "String" } },
        }))["UserPool"]!["Id"]!.GetValue<string>();
        var before = await DescribeAsync(id);
        _gatehouse.Clock.Advance(TimeSpan.FromHours(1));

        var response = await _gatehouse.CallAsync("UpdateUserPool", new { UserPoolId = id, EmailVerificationSubject = "Welcome" });
        Assert.Empty(response.AsObject());

        var after = await DescribeAsync(id);
        foreach (var kept in new[] { "Id", "Name", "Arn", "CreationDate", "UsernameAttributes", "SchemaAttributes" })
        {
            Assert.True(JsonNode.DeepEquals(before[kept], after[kept]), kept);
        }

        Assert.Equal(before["LastModifiedDate"]!.GetValue<double>() + 3600, after["LastModifiedDate"]!.GetValue<double>());
        Assert.Equal("Welcome", after["EmailVerificationSubject"]!.GetValue<string>());
        Assert.Equal(8, after["Policies"]!["PasswordPolicy"]!["MinimumLength"]!.GetValue<int>());
        Assert.True(after["Policies"]!["PasswordPolicy"]!["RequireSymbols"]!.GetValue<bool>());
        Assert.Null(after["AutoVerifiedAttributes"]);
        Assert.Equal("INACTIVE", after["DeletionProtection"]!.GetValue<string>());
        Assert.Empty(after["UserPoolTags"]!.AsObject());
        Assert.Contains(after["SchemaAttributes"]!.AsArray(), a => a!["Name"]!.GetValue<string>() == "custom:tenant");

        await _gatehouse.CallAsync("UpdateUserPool", new { UserPoolId = id, PoolName = "renamed" });
        Assert.Equal("renamed", (await DescribeAsync(id))["Name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Failed_updates_change_nothing()
    {
        var id = await CreatePoolAsync("steady");
        await _gatehouse.CallAsync("UpdateUserPool", new { UserPoolId = id, DeletionProtection = "ACTIVE", AutoVerifiedAttributes = new[] { "email" } });
        var before = await DescribeAsync(id);
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(5));

        object[] invalid =
        [
            new { UserPoolId = id, Policies = new { PasswordPolicy = new { MinimumLength = 5 } } },
            new { UserPoolId = id, DeletionProtection = "MAYBE" },
            new { UserPoolId = id, PoolName = "bad/name" },
            new { UserPoolId = id, PoolName = "" },
            new { UserPoolId = id, EmailVerificationMessage = "no placeholder here" },
            new { UserPoolId = id, AutoVerifiedAttributes = new[] { "name" } },
            new { UserPoolId = id, MfaConfiguration = "ON" },
            new { UserPoolId = "not a pool id" },
        ];
        foreach (var body in invalid)
        {
            await _gatehouse.FailAsync("UpdateUserPool", body, "InvalidParameterException");
        }

        await _gatehouse.FailAsync("UpdateUserPool", new { UserPoolId = "us-east-1_nothere12" }, "ResourceNotFoundException");
        foreach (var body in new[] { """{"Policies": "strict"}""", """{"AutoVerifiedAttributes": "email"}""", """{"DeletionProtection": true}""" })
        {
            var (status, json, _) = await _gatehouse.RawAsync("UpdateUserPool", body.Insert(1, $"\"UserPoolId\":\"{id}\","));
            Assert.Equal(400, status);
            Assert.Equal("SerializationException", json!["__type"]!.GetValue<string>());
        }

        Assert.True(JsonNode.DeepEquals(before, await DescribeAsync(id)));
    }

    [Fact]
    public async Task AddCustomAttributes_adds_prefixed_attributes_with_defaults()
    {
        var id = await CreatePoolAsync("custom");
        var response = await _gatehouse.CallAsync("AddCustomAttributes", new
        {
            UserPoolId = id,
            CustomAttributes = new object[]
            {
                new { Name = "tenant", AttributeDataType = "String", StringAttributeConstraints = new { MinLength = "1", MaxLength = "64" } },
                new { Name = "level", AttributeDataType = "Number", Mutable = false },
                new { Name = "custom:twice" },
            },
        });
        Assert.Empty(response.AsObject());

        var schema = (await DescribeAsync(id))["SchemaAttributes"]!.AsArray();
        var tenant = schema.Single(a => a!["Name"]!.GetValue<string>() == "custom:tenant")!;
        Assert.Equal("64", tenant["StringAttributeConstraints"]!["MaxLength"]!.GetValue<string>());
        Assert.True(tenant["Mutable"]!.GetValue<bool>());
        Assert.False(tenant["Required"]!.GetValue<bool>());
        var level = schema.Single(a => a!["Name"]!.GetValue<string>() == "custom:level")!;
        Assert.Equal("Number", level["AttributeDataType"]!.GetValue<string>());
        Assert.False(level["Mutable"]!.GetValue<bool>());
        var twice = schema.Single(a => a!["Name"]!.GetValue<string>() == "custom:custom:twice")!;
        Assert.Equal("String", twice["AttributeDataType"]!.GetValue<string>());
    }

    [Fact]
    public async Task AddCustomAttributes_refuses_duplicates_and_adds_nothing_then()
    {
        var id = await CreatePoolAsync("dupes");
        await AddAsync(id, "tenant");
        var before = await DescribeAsync(id);

        var error = await _gatehouse.FailAsync("AddCustomAttributes", new { UserPoolId = id, CustomAttributes = new[] { new { Name = "fresh" }, new { Name = "tenant" } } }, "InvalidParameterException");
        Assert.Equal("custom:tenant: Existing attribute already has name custom:tenant.", error.AwsMessage);
        error = await _gatehouse.FailAsync("AddCustomAttributes", new { UserPoolId = id, CustomAttributes = new[] { new { Name = "again" }, new { Name = "again" } } }, "InvalidParameterException");
        Assert.Equal("custom:again: Existing attribute already has name custom:again.", error.AwsMessage);

        Assert.True(JsonNode.DeepEquals(before, await DescribeAsync(id)));
    }

    [Fact]
    public async Task AddCustomAttributes_stops_at_50_custom_attributes()
    {
        var id = (await _gatehouse.CallAsync("CreateUserPool", new
        {
            PoolName = "full",
            Schema = Enumerable.Range(0, 20).Select(i => new { Name = $"s{i}", AttributeDataType = "String" }).ToArray(),
        }))["UserPool"]!["Id"]!.GetValue<string>();
        await AddAsync(id, Enumerable.Range(0, 25).Select(i => $"a{i}").ToArray());
        var before = await DescribeAsync(id);

        var error = await _gatehouse.FailAsync("AddCustomAttributes", new { UserPoolId = id, CustomAttributes = Enumerable.Range(0, 6).Select(i => new { Name = $"b{i}" }).ToArray() }, "InvalidParameterException");
        Assert.Contains("50", error.AwsMessage);
        Assert.True(JsonNode.DeepEquals(before, await DescribeAsync(id)));

        await AddAsync(id, Enumerable.Range(0, 5).Select(i => $"b{i}").ToArray());
        await _gatehouse.FailAsync("AddCustomAttributes", new { UserPoolId = id, CustomAttributes = new[] { new { Name = "last" } } }, "InvalidParameterException");
        var custom = (await DescribeAsync(id))["SchemaAttributes"]!.AsArray().Count(a => a!["Name"]!.GetValue<string>().StartsWith("custom:", StringComparison.Ordinal));
        Assert.Equal(50, custom);
    }

    [Fact]
    public async Task AddCustomAttributes_validates_the_request()
    {
        var id = await CreatePoolAsync("checked");
        var error = await _gatehouse.FailAsync("AddCustomAttributes", new { UserPoolId = id }, "InvalidParameterException");
        Assert.Equal("1 validation error detected: Value null at 'customAttributes' failed to satisfy constraint: Member must not be null", error.AwsMessage);
        error = await _gatehouse.FailAsync("AddCustomAttributes", new { UserPoolId = id, CustomAttributes = Array.Empty<object>() }, "InvalidParameterException");
        Assert.Equal("1 validation error detected: Value '[...]' at 'customAttributes' failed to satisfy constraint: Member must have length greater than or equal to 1", error.AwsMessage);
        await _gatehouse.FailAsync("AddCustomAttributes", new { UserPoolId = id, CustomAttributes = Enumerable.Range(0, 26).Select(i => new { Name = $"n{i}" }).ToArray() }, "InvalidParameterException");
        error = await _gatehouse.FailAsync("AddCustomAttributes", new { UserPoolId = id, CustomAttributes = new[] { new { Name = new string('n', 21) } } }, "InvalidParameterException");
        Assert.EndsWith("at 'customAttributes.1.member.name' failed to satisfy constraint: Member must have length less than or equal to 20", error.AwsMessage);
        error = await _gatehouse.FailAsync("AddCustomAttributes", new { UserPoolId = id, CustomAttributes = new[] { new { Name = "ok", AttributeDataType = "Text" } } }, "InvalidParameterException");
        Assert.Contains("at 'customAttributes.1.member.attributeDataType' failed to satisfy constraint: Member must satisfy enum value set", error.AwsMessage);
        error = await _gatehouse.FailAsync("AddCustomAttributes", new { UserPoolId = id, CustomAttributes = new[] { new { Name = "must", Required = true } } }, "InvalidParameterException");
        Assert.Equal("Required custom attributes are not supported currently.", error.AwsMessage);
        await _gatehouse.FailAsync("AddCustomAttributes", new { UserPoolId = "us-east-1_nothere12", CustomAttributes = new[] { new { Name = "x" } } }, "ResourceNotFoundException");

        foreach (var body in new[] { """[{"Name": 3}]""", """{"Name": "x"}""", """[{"Name": "x", "Mutable": "no"}]""" })
        {
            var (status, json, _) = await _gatehouse.RawAsync("AddCustomAttributes", $$"""{"UserPoolId":"{{id}}","CustomAttributes":{{body}}}""");
            Assert.Equal(400, status);
            Assert.Equal("SerializationException", json!["__type"]!.GetValue<string>());
        }

        var (nullStatus, nullJson, _) = await _gatehouse.RawAsync("AddCustomAttributes", $$"""{"UserPoolId":"{{id}}","CustomAttributes":[null]}""");
        Assert.Equal(400, nullStatus);
        Assert.Equal("InvalidParameterException", nullJson!["__type"]!.GetValue<string>());
        Assert.DoesNotContain((await DescribeAsync(id))["SchemaAttributes"]!.AsArray(), a => a!["Name"]!.GetValue<string>().StartsWith("custom:", StringComparison.Ordinal));
    }

    private async Task<string> CreatePoolAsync(string name) =>
        (await _gatehouse.CallAsync("CreateUserPool", new { PoolName = name }))["UserPool"]!["Id"]!.GetValue<string>();

    private async Task<JsonNode> DescribeAsync(string id) =>
        (await _gatehouse.CallAsync("DescribeUserPool", new { UserPoolId = id }))["UserPool"]!;

    private Task<JsonNode> AddAsync(string id, params string[] names) =>
        _gatehouse.CallAsync("AddCustomAttributes", new { UserPoolId = id, CustomAttributes = names.Select(n => new { Name = n }).ToArray() });
}
