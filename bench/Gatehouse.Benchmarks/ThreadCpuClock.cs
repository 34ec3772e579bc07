using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace Gatehouse.Benchmarks;

/// <summary>
/// The calling thread's CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>) as BenchmarkDotNet's clock. On a machine that
/// other processes keep busy, wall-clock iterations stretch with every time slice the benchmark waits for; CPU time
/// does not, so <c>--cpu-time</c> gives the cost of an operation itself. Every benchmark here runs synchronously on
/// the benchmark thread (SQLite, RSA, PBKDF2 and JSON do not hop threads), so the thread's CPU time is all of it.
/// </summary>
internal sealed partial class ThreadCpuClock : IClock
{
    public static readonly ThreadCpuClock Instance = new();

    private const int ClockThreadCpuTimeId = 3;

    public string Title => "Thread CPU time";

    public bool IsAvailable => OperatingSystem.IsLinux();

    public Frequency Frequency => Frequency.GHz;

    public long GetTimestamp()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var now) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        }

        return (now.Seconds * 1_000_000_000L) + now.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
