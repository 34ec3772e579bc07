using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Operator;

/// <summary>
/// The <c>AWS_ENDPOINT_URL</c> functions get: this server's own plain-HTTP address as Kestrel bound it (the port is
/// known only after start when it is 0), with a wildcard host read as loopback. Null under a server without
/// addresses (TestServer): functions then have no endpoint to call back.
/// </summary>
internal sealed class FunctionEndpointUrl(IServiceProvider services)
{
    private string? _url;

    public string? Get()
    {
        if (_url is not null)
        {
            return _url;
        }

        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var http = addresses?.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal));
        if (http is null || !Uri.TryCreate(http.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return null;
        }

        var host = uri.Host is "0.0.0.0" or "[::]" ? "127.0.0.1" : uri.Host;
        return _url = $"http://{host}:{uri.Port}";
    }
}
