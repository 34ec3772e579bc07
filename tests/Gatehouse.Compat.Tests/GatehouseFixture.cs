namespace Gatehouse.Compat.Tests;

/// <summary>One running server per test class (xunit class fixture); test classes run in parallel on their own servers.</summary>
public sealed class GatehouseFixture : IAsyncLifetime
{
    private GatehouseProcess? _server;

    public GatehouseProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await GatehouseProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Names that do not collide between tests sharing a server.</summary>
public static class Unique
{
    public static string Name(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}
