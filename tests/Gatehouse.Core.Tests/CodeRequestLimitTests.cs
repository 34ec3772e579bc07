using Gatehouse.Core.Auth;
using Gatehouse.Storage.Sqlite;

namespace Gatehouse.Core.Tests;

public sealed class CodeRequestLimitTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteStore _store;

    public CodeRequestLimitTests() => _store = new SqliteStore(_directory) { CheckSharedReads = true };

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Five_requests_an_hour_per_user_and_purpose()
    {
        for (var i = 0; i < CodeRequestLimit.PerHour; i++)
        {
            await CountAsync("alice", CodePurpose.ForgotPassword, Start + TimeSpan.FromMinutes(i));
        }

        var error = await Assert.ThrowsAsync<CognitoException>(() => CountAsync("alice", CodePurpose.ForgotPassword, Start + TimeSpan.FromMinutes(59)));
        Assert.Equal("LimitExceededException", error.Type);
        Assert.Equal("Attempt limit exceeded, please try after some time.", error.Message);

        await CountAsync("bob", CodePurpose.ForgotPassword, Start);
        await CountAsync("alice", CodePurpose.SignUp, Start);

        // The hour runs from the first request of the window, not from the last.
        await CountAsync("alice", CodePurpose.ForgotPassword, Start + TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task A_refused_request_is_not_counted()
    {
        for (var i = 0; i < CodeRequestLimit.PerHour; i++)
        {
            await CountAsync("alice", CodePurpose.ForgotPassword, Start);
        }

        await Assert.ThrowsAsync<CognitoException>(() => CountAsync("alice", CodePurpose.ForgotPassword, Start));
        await using var session = await _store.OpenAsync(write: false, CancellationToken.None);
        var grants = await session.ListUserGrantsAsync("us-east-1_test", "alice", "code-requests", CancellationToken.None);
        Assert.Equal("5", Assert.Single(grants).Data);
    }

    private async Task CountAsync(string userKey, string purpose, DateTimeOffset now)
    {
        await using var session = await _store.OpenAsync(write: true, CancellationToken.None);
        await CodeRequestLimit.CountAsync(session, "us-east-1_test", userKey, purpose, now, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
    }
}
