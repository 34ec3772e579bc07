using System.Security.Cryptography;

namespace Gatehouse.Tests;

/// <summary>
/// RSA keys for tests, generated once with openssl and committed: generating 2048-bit keys costs a few hundred
/// milliseconds each, and every pool needs two. Only ever used by tests.
/// </summary>
public static class TestKeys
{
    private static readonly string[] Pems = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "keys"), "*.pem").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();

    /// <summary>A factory that hands out distinct keys, cycling after all of them have been used.</summary>
    public static Func<RSA> Factory()
    {
        var next = 0;
        return () =>
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(Pems[Interlocked.Increment(ref next) % Pems.Length]);
            return rsa;
        };
    }
}
