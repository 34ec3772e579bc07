using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Gatehouse.Benchmarks;

if (args is ["hashcost", ..])
{
    return HashCost.Run(args);
}

if (args is ["authzcost", ..])
{
    return AuthzCost.Run(args);
}

if (args is ["floorproxy", ..])
{
    return await FloorProxy.RunAsync(args).ConfigureAwait(false);
}

if (args is ["floorsign", ..])
{
    return await FloorSign.RunAsync(args).ConfigureAwait(false);
}

if (args is ["signinload", ..])
{
    return await SignInLoad.RunAsync(args).ConfigureAwait(false);
}

// ShortRun (1 launch, 3 warm-ups, 3 iterations) in process: the whole suite takes a few minutes, and BenchmarkDotNet
// does not generate and build a child project under the repository's strict build settings.
// --cpu-time measures each operation in the benchmark thread's CPU time instead of wall-clock time (see ThreadCpuClock).
// Everything else goes to BenchmarkDotNet, e.g. --filter '*Token*'.
var cpuTime = args.Contains("--cpu-time");
var job = Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId(cpuTime ? "ShortRun-InProcess-CpuTime" : "ShortRun-InProcess");
if (cpuTime)
{
    job = job.WithClock(ThreadCpuClock.Instance);
}

var config = DefaultConfig.Instance
    .AddJob(job)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithOptions(ConfigOptions.JoinSummary);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Where(a => a != "--cpu-time").ToArray(), config);
return 0;
