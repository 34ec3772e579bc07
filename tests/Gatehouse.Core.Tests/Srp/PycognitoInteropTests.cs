using System.Diagnostics;
using System.Text.Json.Nodes;
using Gatehouse.Core.Auth.Srp;

namespace Gatehouse.Core.Tests.Srp;

/// <summary>
/// The server against an independent client: pycognito's aws_srp.py arithmetic, run by a real python3 process.
/// </summary>
public sealed class PycognitoInteropTests
{
    private const string PoolId = "eu-west-1_Xy98Zw76V";
    private const string UserId = "3f0b7c1d-8e2a-4b6c-9d5e-1a2b3c4d5e6f";
    private const string Password = "Tr0ub4dor&3-ünï";

    // The 4th of August exercises the unpadded day of the timestamp.
    private readonly FakeClock _clock = new(new DateTimeOffset(2026, 8, 4, 9, 5, 7, TimeSpan.Zero));

    [Fact]
    public async Task Pycognito_signs_in_and_a_wrong_password_does_not()
    {
        var poolName = SrpVerifier.PoolName(PoolId);
        var verifier = SrpVerifier.Create(poolName, UserId, Password);
        var sessions = new List<(SrpServerSession Session, byte[] SecretBlock, bool RightPassword)>();
        var challenges = new JsonArray();
        for (var i = 0; i < 12; i++)
        {
            var session = SrpServerSession.Start(verifier);
            var secretBlock = System.Security.Cryptography.RandomNumberGenerator.GetBytes(48);
            var right = i % 4 != 3;
            sessions.Add((session, secretBlock, right));
            challenges.Add(new JsonObject
            {
                ["pool_id"] = PoolId,
                ["USER_ID_FOR_SRP"] = UserId,
                ["password"] = right ? Password : Password + "x",
                ["SALT"] = session.SaltHex,
                ["SRP_B"] = session.PublicBHex,
                ["SECRET_BLOCK"] = Convert.ToBase64String(secretBlock),
                ["now"] = _clock.GetUtcNow().ToUnixTimeSeconds(),
            });
        }

        var answers = JsonNode.Parse(await RunClientAsync(challenges.ToJsonString()))!.AsArray();
        Assert.Equal(sessions.Count, answers.Count);
        for (var i = 0; i < sessions.Count; i++)
        {
            var answer = answers[i]!;
            var timestamp = (string)answer["TIMESTAMP"]!;
            Assert.Equal("Tue Aug 4 09:05:07 UTC 2026", timestamp);
            var result = sessions[i].Session.Verify(poolName, UserId, (string)answer["SRP_A"]!, sessions[i].SecretBlock,
                timestamp, (string)answer["PASSWORD_CLAIM_SIGNATURE"]!, _clock);
            Assert.Equal(sessions[i].RightPassword ? SrpClaimResult.Valid : SrpClaimResult.InvalidSignature, result);
        }
    }

    private static async Task<string> RunClientAsync(string input)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Srp", "pycognito_srp_client.py");
        var start = new ProcessStartInfo("python3")
        {
            ArgumentList = { script },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, "python3 failed: " + await stderr);
            return await stdout;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
