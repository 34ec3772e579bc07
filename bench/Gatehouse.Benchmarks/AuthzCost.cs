using System.Diagnostics;
using System.Globalization;

namespace Gatehouse.Benchmarks;

/// <summary>
/// <c>authzcost [rounds] [ops]</c>: the cold-authorizer-to-bare-RSA ratio, measured to survive a busy machine. Each
/// round times <c>ops</c> bare verifications, then <c>ops</c> cold Cognito and JWT authorizations of the same token, in
/// the thread's CPU time; rounds interleave the three, so drift in the machine's load hits them alike, and the median
/// of the per-round ratios is printed.
/// </summary>
internal static class AuthzCost
{
    public static int Run(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 31;
        var ops = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500;
        using var bench = new AuthorizerBenchmarks();
        bench.Setup();

        // Untimed, for 3 s and with pauses: tiered compilation promotes the hot methods (System.Text.Json's too) on a
        // background thread, which a busy machine can keep waiting; measured before it has, parsing costs up to 3x.
        var warmUntil = Stopwatch.GetTimestamp() + (3 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < warmUntil)
        {
            for (var i = 0; i < ops; i++)
            {
                _ = bench.BareVerify();
                _ = bench.AuthorizeCold();
                _ = bench.JwtAuthorizeCold();
                _ = bench.ParseAndReadClaims();
            }

            Thread.Sleep(100);
        }

        var bare = new double[rounds];
        var cognito = new double[rounds];
        var jwt = new double[rounds];
        var parse = new double[rounds];
        for (var r = 0; r < rounds; r++)
        {
            bare[r] = PerOp(ops, () => bench.BareVerify());
            cognito[r] = PerOp(ops, () => bench.AuthorizeCold().Result.IsAllowed);
            jwt[r] = PerOp(ops, () => bench.JwtAuthorizeCold().Result.IsAllowed);
            parse[r] = PerOp(ops, () => bench.ParseAndReadClaims() is not null);
        }

        var cognitoRatio = Median(cognito.Zip(bare, (c, b) => c / b));
        var jwtRatio = Median(jwt.Zip(bare, (c, b) => c / b));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"AUTHZCOST rounds={rounds} ops={ops} bare_ns={Median(bare):F0} cognito_cold_ns={Median(cognito):F0} jwt_cold_ns={Median(jwt):F0} parse_ns={Median(parse):F0} cognito_ratio={cognitoRatio:F3} jwt_ratio={jwtRatio:F3}"));
        return 0;
    }

    private static double PerOp(int ops, Func<bool> op)
    {
        var start = ThreadCpuClock.Instance.GetTimestamp();
        for (var i = 0; i < ops; i++)
        {
            if (!op())
            {
                throw new InvalidOperationException("The benchmark token did not pass.");
            }
        }

        return (ThreadCpuClock.Instance.GetTimestamp() - start) / (double)ops;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
