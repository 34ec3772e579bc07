using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>GetCSVHeader and the user import job actions, with the CSV PUT to the job's PreSignedUrl.</summary>
public sealed class UserImportTests : IAsyncLifetime
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/CognitoImport";
    private TestGatehouse _gatehouse = null!;

    public async Task InitializeAsync() => _gatehouse = await TestGatehouse.StartAsync();

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private async Task<string> CreatePoolAsync(params string[] autoVerified)
    {
        var pool = await _gatehouse.CallAsync("CreateUserPool", new
        {
            PoolName = "import",
            AutoVerifiedAttributes = autoVerified,
            Schema = new[] { new { Name = "tenant", AttributeDataType = "String" } },
        });
        return pool["UserPool"]!["Id"]!.GetValue<string>();
    }

    private async Task<JsonNode> CreateJobAsync(string poolId, string name = "job") =>
        (await _gatehouse.CallAsync("CreateUserImportJob", new { JobName = name, UserPoolId = poolId, CloudWatchLogsRoleArn = RoleArn }))["UserImportJob"]!;

    private async Task<HttpStatusCode> UploadAsync(JsonNode job, string csv)
    {
        var url = new Uri(job["PreSignedUrl"]!.GetValue<string>());
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var response = await _gatehouse.Http.PutAsync(url.PathAndQuery, content);
        return response.StatusCode;
    }

    private async Task<JsonNode> JobActionAsync(string action, string poolId, JsonNode job) =>
        (await _gatehouse.CallAsync(action, new { UserPoolId = poolId, JobId = job["JobId"]!.GetValue<string>() }))["UserImportJob"]!;

    private static string Csv(params string[] rows)
    {
        var header = "name,given_name,family_name,middle_name,nickname,preferred_username,profile,picture,website,email,email_verified,"
            + "gender,birthdate,zoneinfo,locale,phone_number,phone_number_verified,address,updated_at,cognito:mfa_enabled,cognito:username,custom:tenant";
        return string.Join('\n', [header, .. rows]) + "\n";
    }

    private static string Row(string username, string email, string verified = "TRUE", string name = "", string tenant = "") =>
        $"{name},,,,,,,,,{email},{verified},,,,,,,,,FALSE,{username},{tenant}";

    [Fact]
    public async Task GetCSVHeader_lists_the_standard_columns_then_the_pools_custom_attributes()
    {
        var poolId = await CreatePoolAsync("email");

        var response = await _gatehouse.CallAsync("GetCSVHeader", new { UserPoolId = poolId });

        Assert.Equal(poolId, response["UserPoolId"]!.GetValue<string>());
        var header = response["CSVHeader"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Equal(22, header.Count);
        Assert.Equal("name", header[0]);
        Assert.Equal(new[] { "cognito:mfa_enabled", "cognito:username", "custom:tenant" }, header[^3..]);
        Assert.Equal(2, response.AsObject().Count);
    }

    [Fact]
    public async Task GetCSVHeader_of_a_missing_pool_is_not_found()
    {
        var error = await _gatehouse.FailAsync("GetCSVHeader", new { UserPoolId = "us-east-1_nothere12" }, "ResourceNotFoundException");
        Assert.Equal("User pool us-east-1_nothere12 does not exist.", error.AwsMessage);
    }

    [Fact]
    public async Task CreateUserImportJob_requires_a_CloudWatch_Logs_role()
    {
        var poolId = await CreatePoolAsync("email");

        var error = await _gatehouse.FailAsync("CreateUserImportJob", new { JobName = "j", UserPoolId = poolId }, "InvalidParameterException");

        Assert.Equal("1 validation error detected: Value null at 'cloudWatchLogsRoleArn' failed to satisfy constraint: Member must not be null", error.AwsMessage);
        await _gatehouse.FailAsync("CreateUserImportJob", new { JobName = "j", UserPoolId = poolId, CloudWatchLogsRoleArn = "not-an-arn-at-all-really" }, "InvalidParameterException");
        var all = await _gatehouse.FailAsync("CreateUserImportJob", new { }, "InvalidParameterException");
        Assert.StartsWith("3 validation errors detected: Value null at 'jobName'", all.AwsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_uploads_its_CSV_and_imports_it_when_started()
    {
        var poolId = await CreatePoolAsync("email");
        var job = await CreateJobAsync(poolId, "first import");
        var jobId = job["JobId"]!.GetValue<string>();
        Assert.Matches("^import-[0-9a-zA-Z]{10}$", jobId);
        Assert.Equal("Created", job["Status"]!.GetValue<string>());
        Assert.Equal($"{TestGatehouse.PublicUrl}/_gatehouse/import/{poolId}/{jobId}", job["PreSignedUrl"]!.GetValue<string>());
        Assert.Equal(RoleArn, job["CloudWatchLogsRoleArn"]!.GetValue<string>());
        Assert.Equal(0, job["ImportedUsers"]!.GetValue<long>());
        Assert.Null(job["StartDate"]);

        var csv = Csv(Row("alice", "alice@example.com", name: "\"Liddell, Alice\"", tenant: "acme"), Row("bob", "bob@example.com"), Row("", "nobody@example.com"));
        Assert.Equal(HttpStatusCode.OK, await UploadAsync(job, csv));
        Assert.Equal("Created", (await JobActionAsync("DescribeUserImportJob", poolId, job))["Status"]!.GetValue<string>());

        var started = await JobActionAsync("StartUserImportJob", poolId, job);

        Assert.Equal("Succeeded", started["Status"]!.GetValue<string>());
        Assert.Equal((2L, 0L, 1L), (started["ImportedUsers"]!.GetValue<long>(), started["SkippedUsers"]!.GetValue<long>(), started["FailedUsers"]!.GetValue<long>()));
        Assert.Equal("Import Job Completed Successfully.", started["CompletionMessage"]!.GetValue<string>());
        Assert.NotNull(started["StartDate"]);
        Assert.NotNull(started["CompletionDate"]);

        var store = _gatehouse.Services.GetRequiredService<IGatehouseStore>();
        await using var session = await store.OpenAsync(write: false, CancellationToken.None);
        var alice = await session.GetUserAsync(poolId, "alice", CancellationToken.None);
        Assert.NotNull(alice);
        Assert.Equal("RESET_REQUIRED", alice.Status);
        Assert.Null(alice.PasswordHash);
        Assert.Equal("Liddell, Alice", alice.Attribute("name"));
        Assert.Equal("acme", alice.Attribute("custom:tenant"));
        var byEmail = Assert.Single(await session.FindUsersAsync(poolId, "email", "bob@example.com", CancellationToken.None));
        Assert.Equal("bob", byEmail.Username);
        Assert.Single(await session.FindUsersAsync(poolId, "sub", alice.Sub, CancellationToken.None));
        Assert.Equal(2, await session.CountUsersAsync(poolId, CancellationToken.None));

        var listed = await _gatehouse.CallAsync("ListUserImportJobs", new { UserPoolId = poolId, MaxResults = 10 });
        var only = Assert.Single(listed["UserImportJobs"]!.AsArray());
        Assert.Equal("Succeeded", only!["Status"]!.GetValue<string>());
        Assert.Null(listed["PaginationToken"]);

        var again = await _gatehouse.FailAsync("StartUserImportJob", new { UserPoolId = poolId, JobId = jobId }, "PreconditionNotMetException");
        Assert.Contains("Succeeded", again.AwsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Existing_users_are_skipped_and_a_file_with_nothing_new_fails_the_job()
    {
        var poolId = await CreatePoolAsync("email");
        var csv = Csv(Row("carol", "carol@example.com"), Row("dave", "dave@example.com"));
        var first = await CreateJobAsync(poolId);
        await UploadAsync(first, csv);
        await JobActionAsync("StartUserImportJob", poolId, first);

        var second = await CreateJobAsync(poolId);
        await UploadAsync(second, csv);
        var result = await JobActionAsync("StartUserImportJob", poolId, second);

        Assert.Equal("Failed", result["Status"]!.GetValue<string>());
        Assert.Equal(2, result["SkippedUsers"]!.GetValue<long>());
        Assert.Equal("Too many users have failed or been skipped during the import.", result["CompletionMessage"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_job_started_without_a_file_or_with_a_bad_header_fails()
    {
        var poolId = await CreatePoolAsync("email");
        var empty = await JobActionAsync("StartUserImportJob", poolId, await CreateJobAsync(poolId));
        Assert.Equal("Failed", empty["Status"]!.GetValue<string>());
        Assert.Equal("The CSV file was not uploaded to the job's PreSignedUrl.", empty["CompletionMessage"]!.GetValue<string>());

        var badHeader = await CreateJobAsync(poolId);
        await UploadAsync(badHeader, "cognito:username,email\nerin,erin@example.com\n");
        var failed = await JobActionAsync("StartUserImportJob", poolId, badHeader);
        Assert.Equal("Failed", failed["Status"]!.GetValue<string>());
        Assert.StartsWith("The header is missing the column", failed["CompletionMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_upload_URL_works_for_15_minutes_and_only_for_a_known_job()
    {
        var poolId = await CreatePoolAsync("email");
        var job = await CreateJobAsync(poolId);

        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal(HttpStatusCode.Forbidden, await UploadAsync(job, Csv()));
        var unknown = JsonNode.Parse($$"""{"PreSignedUrl":"{{TestGatehouse.PublicUrl}}/_gatehouse/import/{{poolId}}/import-0000000000"}""")!;
        Assert.Equal(HttpStatusCode.NotFound, await UploadAsync(unknown, Csv()));
    }

    [Fact]
    public async Task A_stopped_or_expired_job_cannot_start()
    {
        var poolId = await CreatePoolAsync("email");
        var stopped = await JobActionAsync("StopUserImportJob", poolId, await CreateJobAsync(poolId));
        Assert.Equal("Stopped", stopped["Status"]!.GetValue<string>());
        Assert.Equal("The Import Job was stopped by the developer.", stopped["CompletionMessage"]!.GetValue<string>());
        await _gatehouse.FailAsync("StartUserImportJob", new { UserPoolId = poolId, JobId = stopped["JobId"]!.GetValue<string>() }, "PreconditionNotMetException");
        await _gatehouse.FailAsync("StopUserImportJob", new { UserPoolId = poolId, JobId = stopped["JobId"]!.GetValue<string>() }, "PreconditionNotMetException");

        var stale = await CreateJobAsync(poolId);
        _gatehouse.Clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal("Expired", (await JobActionAsync("DescribeUserImportJob", poolId, stale))["Status"]!.GetValue<string>());
        await _gatehouse.FailAsync("StartUserImportJob", new { UserPoolId = poolId, JobId = stale["JobId"]!.GetValue<string>() }, "PreconditionNotMetException");
    }

    [Fact]
    public async Task A_pool_without_an_auto_verified_attribute_cannot_start_an_import()
    {
        var poolId = await CreatePoolAsync();
        var job = await CreateJobAsync(poolId);
        await UploadAsync(job, Csv(Row("fred", "fred@example.com")));

        await _gatehouse.FailAsync("StartUserImportJob", new { UserPoolId = poolId, JobId = job["JobId"]!.GetValue<string>() }, "PreconditionNotMetException");
        Assert.Equal("Created", (await JobActionAsync("DescribeUserImportJob", poolId, job))["Status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Jobs_list_last_created_first_in_pages_and_are_scoped_to_their_pool()
    {
        var poolId = await CreatePoolAsync("email");
        var otherPool = await CreatePoolAsync("email");
        var names = new[] { "one", "two", "three" };
        foreach (var name in names)
        {
            await CreateJobAsync(poolId, name);
            _gatehouse.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var other = await CreateJobAsync(otherPool, "elsewhere");

        var first = await _gatehouse.CallAsync("ListUserImportJobs", new { UserPoolId = poolId, MaxResults = 2 });
        var second = await _gatehouse.CallAsync("ListUserImportJobs", new
        {
            UserPoolId = poolId,
            MaxResults = 2,
            PaginationToken = first["PaginationToken"]!.GetValue<string>(),
        });

        Assert.Equal(new[] { "three", "two" }, first["UserImportJobs"]!.AsArray().Select(j => j!["JobName"]!.GetValue<string>()));
        Assert.Equal(new[] { "one" }, second["UserImportJobs"]!.AsArray().Select(j => j!["JobName"]!.GetValue<string>()));
        Assert.Null(second["PaginationToken"]);
        await _gatehouse.FailAsync("DescribeUserImportJob", new { UserPoolId = poolId, JobId = other["JobId"]!.GetValue<string>() }, "ResourceNotFoundException");
        await _gatehouse.FailAsync("ListUserImportJobs", new { UserPoolId = poolId }, "InvalidParameterException");
    }

    [Fact]
    public async Task Jobs_are_durable_across_a_restart()
    {
        var poolId = await CreatePoolAsync("email");
        var job = await CreateJobAsync(poolId);

        await using var restarted = await TestGatehouse.StartAsync(directory: _gatehouse.Directory);
        var described = await restarted.CallAsync("DescribeUserImportJob", new { UserPoolId = poolId, JobId = job["JobId"]!.GetValue<string>() });

        Assert.Equal(job.ToJsonString(), described["UserImportJob"]!.ToJsonString());
    }
}
