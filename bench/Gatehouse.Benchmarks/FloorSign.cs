using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Gatehouse.Benchmarks;

/// <summary>
/// <c>floorsign &lt;port&gt;</c>: the platform's floor under a token endpoint. A bare Kestrel server (the same slim
/// builder as Gatehouse) that answers every request with a freshly signed RS256 access token (RSA-2048, a new jti and
/// iat each time, the claims of a client_credentials token) and does nothing else: no client lookup or secret check,
/// no scopes, no store. What a token endpoint costs above this is its own; this much is HTTP plus one RSA signature.
/// Runs until killed.
/// </summary>
internal static class FloorSign
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var port))
        {
            await Console.Error.WriteLineAsync("usage: floorsign <port>").ConfigureAwait(false);
            return 2;
        }

        await using var app = FloorProxy.BareServer(port);
        using var key = RSA.Create(2048);
        var header = Base64Url.EncodeToString("""{"kid":"floor","alg":"RS256"}"""u8);
        app.Run(async http =>
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var payload = string.Create(CultureInfo.InvariantCulture,
                $$"""{"sub":"floorclient","token_use":"access","scope":"product-api/read","auth_time":{{now}},"iss":"http://127.0.0.1:{{port}}/floor","exp":{{now + 3600}},"iat":{{now}},"version":2,"jti":"{{Guid.NewGuid()}}","client_id":"floorclient"}""");
            var signingInput = header + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
            var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var body = Encoding.UTF8.GetBytes($$"""{"access_token":"{{signingInput}}.{{Base64Url.EncodeToString(signature)}}","expires_in":3600,"token_type":"Bearer"}""");
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = body.Length;
            await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
        });
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
