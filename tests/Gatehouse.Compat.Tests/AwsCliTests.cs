using System.Text.Json.Nodes;

namespace Gatehouse.Compat.Tests;

/// <summary>The real AWS CLI (<c>aws cognito-idp ... --endpoint-url</c>) against a running server: output and errors as a user sees them.</summary>
[Trait("Category", "Compat")]
public sealed class AwsCliTests(GatehouseFixture fixture) : IClassFixture<GatehouseFixture>
{
    private readonly GatehouseProcess _server = fixture.Server;

    [Fact]
    public async Task Create_user_pool_prints_the_new_pool()
    {
        var name = Unique.Name("cli-pool");
        var pool = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", name)).Json()["UserPool"]!;

        var id = pool["Id"]!.GetValue<string>();
        Assert.Matches("^us-east-1_[0-9A-Za-z]{9}$", id);
        Assert.Equal(name, pool["Name"]!.GetValue<string>());
        Assert.Equal($"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{id}", pool["Arn"]!.GetValue<string>());
        Assert.Equal(8, pool["Policies"]!["PasswordPolicy"]!["MinimumLength"]!.GetValue<int>());
        Assert.Contains(pool["SchemaAttributes"]!.AsArray(), a => a!["Name"]!.GetValue<string>() == "email");
        Assert.True(pool["CreationDate"]!.GetValue<double>() > 1.7e9, "dates are epoch seconds");
    }

    [Fact]
    public async Task Create_user_pool_takes_shorthand_policies_and_auto_verified_attributes()
    {
        var pool = (await _server.CognitoIdpAsync(
            "create-user-pool", "--pool-name", Unique.Name("cli-policy"),
            "--policies", "PasswordPolicy={MinimumLength=6,RequireUppercase=false,RequireLowercase=false,RequireNumbers=false,RequireSymbols=false}",
            "--auto-verified-attributes", "email",
            "--username-attributes", "email")).Json()["UserPool"]!;

        var policy = pool["Policies"]!["PasswordPolicy"]!;
        Assert.Equal(6, policy["MinimumLength"]!.GetValue<int>());
        Assert.False(policy["RequireSymbols"]!.GetValue<bool>());
        Assert.Equal(["email"], pool["AutoVerifiedAttributes"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(["email"], pool["UsernameAttributes"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public async Task Tag_resource_untag_resource_and_list_tags_for_resource_work_on_the_pool_ARN()
    {
        var pool = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("cli-tags"), "--user-pool-tags", "team=auth")).Json()["UserPool"]!;
        var arn = pool["Arn"]!.GetValue<string>();

        await _server.CognitoIdpAsync("tag-resource", "--resource-arn", arn, "--tags", "team=identity,env=dev");
        await _server.CognitoIdpAsync("untag-resource", "--resource-arn", arn, "--tag-keys", "env");
        var tags = (await _server.CognitoIdpAsync("list-tags-for-resource", "--resource-arn", arn)).Json()["Tags"]!.AsObject();

        Assert.Equal(["team"], tags.Select(t => t.Key));
        Assert.Equal("identity", tags["team"]!.GetValue<string>());
        var described = (await _server.CognitoIdpAsync("describe-user-pool", "--user-pool-id", pool["Id"]!.GetValue<string>())).Json()["UserPool"]!;
        Assert.Equal("identity", described["UserPoolTags"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_client_secret_is_rotated_with_add_list_and_delete_user_pool_client_secret()
    {
        var poolId = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("cli-rotate"))).Json()["UserPool"]!["Id"]!.GetValue<string>();
        var client = (await _server.CognitoIdpAsync("create-user-pool-client", "--user-pool-id", poolId, "--client-name", "app", "--generate-secret")).Json()["UserPoolClient"]!;
        var clientId = client["ClientId"]!.GetValue<string>();

        var added = (await _server.CognitoIdpAsync("add-user-pool-client-secret", "--user-pool-id", poolId, "--client-id", clientId)).Json()["ClientSecretDescriptor"]!;
        var listed = (await _server.CognitoIdpAsync("list-user-pool-client-secrets", "--user-pool-id", poolId, "--client-id", clientId)).Json()["ClientSecrets"]!.AsArray();
        Assert.Equal(2, listed.Count);
        Assert.Matches("^[a-z0-9]{51}$", added["ClientSecretValue"]!.GetValue<string>());

        var oldId = listed[0]!["ClientSecretId"]!.GetValue<string>();
        await _server.CognitoIdpAsync("delete-user-pool-client-secret", "--user-pool-id", poolId, "--client-id", clientId, "--client-secret-id", oldId);
        var described = (await _server.CognitoIdpAsync("describe-user-pool-client", "--user-pool-id", poolId, "--client-id", clientId)).Json()["UserPoolClient"]!;
        Assert.Equal(added["ClientSecretValue"]!.GetValue<string>(), described["ClientSecret"]!.GetValue<string>());
        var last = (await _server.CognitoIdpAsync("delete-user-pool-client-secret", "--user-pool-id", poolId, "--client-id", clientId,
            "--client-secret-id", added["ClientSecretId"]!.GetValue<string>())).Failed();
        Assert.Contains("InvalidParameterException", last.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_user_pool_returns_what_create_returned()
    {
        var created = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("cli-describe"))).Json()["UserPool"]!;
        var id = created["Id"]!.GetValue<string>();

        var described = (await _server.CognitoIdpAsync("describe-user-pool", "--user-pool-id", id)).Json()["UserPool"]!;

        Assert.Equal(id, described["Id"]!.GetValue<string>());
        Assert.Equal(created["Name"]!.GetValue<string>(), described["Name"]!.GetValue<string>());
        Assert.Equal(created["Arn"]!.GetValue<string>(), described["Arn"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(created["Policies"], described["Policies"]));
    }

    [Fact]
    public async Task Describe_of_an_unknown_pool_prints_ResourceNotFoundException()
    {
        var result = (await _server.CognitoIdpAsync("describe-user-pool", "--user-pool-id", "us-east-1_nothere12")).Failed();

        // CLI v1 exits 255 and v2 exits 254 on a service error; both print the error type and message like this.
        Assert.Contains(result.ExitCode, (int[])[254, 255]);
        Assert.Contains(
            "An error occurred (ResourceNotFoundException) when calling the DescribeUserPool operation: User pool us-east-1_nothere12 does not exist.",
            result.Stderr,
            StringComparison.Ordinal);
        Assert.Empty(result.Stdout.Trim());
    }

    [Fact]
    public async Task A_pool_name_over_128_characters_prints_InvalidParameterException()
    {
        var result = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", new string('x', 129))).Failed();

        Assert.Contains("An error occurred (InvalidParameterException) when calling the CreateUserPool operation:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Member must have length less than or equal to 128", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_user_pools_with_max_results_10_pages_through_every_pool()
    {
        // A server of its own, so the count is exact: 12 pools are more than one page of 10.
        await using var server = await GatehouseProcess.StartAsync();
        var names = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            names.Add(Unique.Name($"list{i:D2}"));
        }

        (await server.PythonAsync(
            """
            import sys
            from gatehouse_compat import cognito
            client = cognito()
            for name in sys.argv[1:]:
                client.create_user_pool(PoolName=name)
            """,
            [.. names])).Succeeded();

        // With --max-results the CLI does not paginate on its own: it prints one page and the NextToken.
        var first = (await server.CognitoIdpAsync("list-user-pools", "--max-results", "10")).Json();
        Assert.Equal(10, first["UserPools"]!.AsArray().Count);
        var token = first["NextToken"]!.GetValue<string>();

        var second = (await server.CognitoIdpAsync("list-user-pools", "--max-results", "10", "--next-token", token)).Json();
        Assert.Equal(2, second["UserPools"]!.AsArray().Count);
        Assert.Null(second["NextToken"]);

        var listed = first["UserPools"]!.AsArray().Concat(second["UserPools"]!.AsArray()).Select(p => p!["Name"]!.GetValue<string>());
        Assert.Equal(names.Order(), listed.Order());
        var one = first["UserPools"]![0]!;
        Assert.NotNull(one["Id"]);
        Assert.NotNull(one["CreationDate"]);
        Assert.NotNull(one["LambdaConfig"]);
    }

    [Fact]
    public async Task Create_user_pool_client_without_secret_for_the_seed_flows()
    {
        var poolId = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("cli-client"))).Json()["UserPool"]!["Id"]!.GetValue<string>();

        var client = (await _server.CognitoIdpAsync(
            "create-user-pool-client", "--user-pool-id", poolId, "--client-name", "MySimpleAppClient", "--no-generate-secret",
            "--explicit-auth-flows", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")).Json()["UserPoolClient"]!;

        Assert.Equal(poolId, client["UserPoolId"]!.GetValue<string>());
        Assert.Equal("MySimpleAppClient", client["ClientName"]!.GetValue<string>());
        Assert.Matches("^[a-z0-9]{26}$", client["ClientId"]!.GetValue<string>());
        Assert.Null(client["ClientSecret"]);
        Assert.Equal(
            ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"],
            client["ExplicitAuthFlows"]!.AsArray().Select(f => f!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Create_user_pool_client_with_generate_secret_prints_the_secret()
    {
        var poolId = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("cli-secret"))).Json()["UserPool"]!["Id"]!.GetValue<string>();

        var client = (await _server.CognitoIdpAsync(
            "create-user-pool-client", "--user-pool-id", poolId, "--client-name", "server-app", "--generate-secret",
            "--explicit-auth-flows", "ADMIN_NO_SRP_AUTH")).Json()["UserPoolClient"]!;

        Assert.False(string.IsNullOrEmpty(client["ClientSecret"]?.GetValue<string>()));
        Assert.Equal(["ADMIN_NO_SRP_AUTH"], client["ExplicitAuthFlows"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task Create_user_pool_client_in_an_unknown_pool_prints_ResourceNotFoundException()
    {
        var result = (await _server.CognitoIdpAsync("create-user-pool-client", "--user-pool-id", "us-east-1_nothere12", "--client-name", "c")).Failed();

        Assert.Contains("(ResourceNotFoundException) when calling the CreateUserPoolClient operation", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_user_pool_prints_nothing_and_the_pool_is_gone()
    {
        var poolId = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("cli-delete"))).Json()["UserPool"]!["Id"]!.GetValue<string>();

        var deleted = (await _server.CognitoIdpAsync("delete-user-pool", "--user-pool-id", poolId)).Succeeded();
        Assert.Empty(deleted.Stdout.Trim());

        var described = (await _server.CognitoIdpAsync("describe-user-pool", "--user-pool-id", poolId)).Failed();
        Assert.Contains("(ResourceNotFoundException)", described.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_ui_customization_uploads_the_logo_file_and_get_ui_customization_reads_it_back()
    {
        var poolId = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("cli-ui"))).Json()["UserPool"]!["Id"]!.GetValue<string>();
        (await _server.CognitoIdpAsync("create-user-pool-domain", "--user-pool-id", poolId, "--domain", Unique.Name("cli-ui"))).Succeeded();
        var clientId = (await _server.CognitoIdpAsync("create-user-pool-client", "--user-pool-id", poolId, "--client-name", "web")).Json()["UserPoolClient"]!["ClientId"]!.GetValue<string>();

        // A real 1x1 PNG, uploaded the way the developer guide shows: fileb:// makes the CLI send the bytes as base64.
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
        var directory = Directory.CreateTempSubdirectory("gatehouse-cli-ui").FullName;
        try
        {
            var logo = Path.Combine(directory, "logo.png");
            await File.WriteAllBytesAsync(logo, png);
            const string css = ".label-customizable { font-weight: 400; }";

            var set = (await _server.CognitoIdpAsync(
                "set-ui-customization", "--user-pool-id", poolId, "--client-id", clientId, "--css", css, "--image-file", "fileb://" + logo)).Json()["UICustomization"]!;
            Assert.Equal(clientId, set["ClientId"]!.GetValue<string>());
            Assert.Equal(css, set["CSS"]!.GetValue<string>());

            var got = (await _server.CognitoIdpAsync("get-ui-customization", "--user-pool-id", poolId, "--client-id", clientId)).Json()["UICustomization"]!;
            Assert.Equal(poolId, got["UserPoolId"]!.GetValue<string>());
            Assert.Equal(css, got["CSS"]!.GetValue<string>());
            Assert.Matches("^[0-9]{14}$", got["CSSVersion"]!.GetValue<string>());
            Assert.NotNull(got["CreationDate"]);
            var imageUrl = got["ImageUrl"]!.GetValue<string>();
            Assert.Equal($"{_server.Endpoint}/_gatehouse/ui/{poolId}/{clientId}/logo", imageUrl);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var response = await http.GetAsync(new Uri(imageUrl));
            Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(png, await response.Content.ReadAsByteArrayAsync());

            var pool = (await _server.CognitoIdpAsync("get-ui-customization", "--user-pool-id", poolId)).Json()["UICustomization"]!;
            Assert.Empty(pool.AsObject());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
