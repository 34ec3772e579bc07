using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Core.Auth;

/// <summary>
/// PBKDF2-HMAC-SHA256 with a per-password 128-bit salt. The stored form carries its own cost
/// (<c>pbkdf2-sha256$iterations$salt$hash</c>), so raising the cost never locks out existing users.
/// </summary>
public sealed class PasswordHasher(int iterations)
{
    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256.</summary>
    public const int ProductionIterations = 600_000;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public int Iterations { get; } = iterations >= 1
        ? iterations
        : throw new ArgumentOutOfRangeException(nameof(iterations), "The password hash cost must be at least 1.");

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Checks a password in constant time with respect to the stored hash.</summary>
    public static bool Verify(string password, string? stored)
    {
        if (stored is null)
        {
            return false;
        }

        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
