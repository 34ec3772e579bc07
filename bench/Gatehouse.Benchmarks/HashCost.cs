using System.Diagnostics;
using System.Globalization;
using Gatehouse.Core.Auth;

namespace Gatehouse.Benchmarks;

/// <summary>
/// <c>hashcost [iterations] [count]</c>: times <c>count</c> calls of <see cref="PasswordHasher.Verify"/>
/// one after another on one thread and prints one line for bench/load/compare.sh, which sets the InitiateAuth
/// latency against it.
/// </summary>
internal static class HashCost
{
    public static int Run(string[] args)
    {
        var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : PasswordHasher.ProductionIterations;
        var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        const string Password = "Load-Test-Passw0rd!";
        var stored = new PasswordHasher(iterations).Hash(Password);

        // Two untimed calls: JIT and the first touch of OpenSSL's HMAC.
        for (var i = 0; i < 2; i++)
        {
            _ = PasswordHasher.Verify(Password, stored);
        }

        var times = new double[count];
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            if (!PasswordHasher.Verify(Password, stored))
            {
                throw new InvalidOperationException("Verify failed on its own hash.");
            }

            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / count;
        Array.Sort(times);
        var median = count % 2 == 1 ? times[count / 2] : (times[(count / 2) - 1] + times[count / 2]) / 2;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"HASHCOST iterations={iterations} count={count} median_ms={median:F3} min_ms={times[0]:F3} max_ms={times[^1]:F3} mean_ms={times.Average():F3} cpu_ms={cpu:F3}"));
        return 0;
    }
}
