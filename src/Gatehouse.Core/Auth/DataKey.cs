using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Core.Auth;

/// <summary>
/// The server's data key: AES-256-GCM for secrets that must be kept at rest but read back, such as SRP verifiers and
/// TOTP secrets, and for the state Gatehouse hands to clients and must get back untouched (SRP's SECRET_BLOCK). Each
/// sealed value is bound to a context string (what it is and whose it is), so a value copied to another user or
/// another purpose does not open.
/// </summary>
public sealed class DataKey
{
    /// <summary>The key's size in bytes.</summary>
    public const int KeyBytes = 32;

    private const byte Version = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _key;

    private DataKey(byte[] key) => _key = key;

    /// <summary>A key from its 32 raw bytes.</summary>
    public static DataKey FromBytes(ReadOnlySpan<byte> key) =>
        key.Length == KeyBytes ? new DataKey(key.ToArray()) : throw new ArgumentException($"A data key is {KeyBytes} bytes.", nameof(key));

    /// <summary>
    /// Reads the key file (base64 of 32 bytes), or creates it with a fresh random key, readable by the owner only.
    /// Servers that share one database must share this file.
    /// </summary>
    /// <exception cref="InvalidDataException">The file exists but does not hold a key.</exception>
    public static DataKey LoadOrCreate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var writer = new StreamWriter(path, Encoding.ASCII, options);
                writer.Write(fresh);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; theirs is the key.
            }
        }

        var text = File.ReadAllText(path).Trim();
        var key = new byte[KeyBytes];
        return Convert.TryFromBase64String(text, key, out var written) && written == KeyBytes
            ? new DataKey(key)
            : throw new InvalidDataException($"The data key file {path} does not hold a base64 {KeyBytes}-byte key.");
    }

    /// <summary>Encrypts <paramref name="plaintext"/> for <paramref name="context"/>.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, string context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new byte[1 + NonceBytes + plaintext.Length + TagBytes];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceBytes, plaintext.Length), output.AsSpan(output.Length - TagBytes), Encoding.UTF8.GetBytes(context));
        return output;
    }

    /// <summary>Decrypts what <see cref="Seal"/> made for the same context; null when it was altered or is someone else's.</summary>
    public byte[]? Open(ReadOnlySpan<byte> sealedValue, string context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (sealedValue.Length < 1 + NonceBytes + TagBytes || sealedValue[0] != Version)
        {
            return null;
        }

        var plaintext = new byte[sealedValue.Length - 1 - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(_key, TagBytes);
            aes.Decrypt(sealedValue.Slice(1, NonceBytes), sealedValue.Slice(1 + NonceBytes, plaintext.Length), sealedValue[^TagBytes..], plaintext,
                Encoding.UTF8.GetBytes(context));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    /// <summary>A key for another purpose, derived from this one (HKDF-SHA256 with the purpose as info).</summary>
    public byte[] Derive(string purpose, int length = KeyBytes)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, length, info: Encoding.UTF8.GetBytes(purpose));
    }

    /// <summary><see cref="Seal"/> as base64 text, for JSON documents.</summary>
    public string SealText(ReadOnlySpan<byte> plaintext, string context) => Convert.ToBase64String(Seal(plaintext, context));

    /// <summary><see cref="Open"/> of <see cref="SealText"/>'s output; null when it is not base64 or does not open.</summary>
    public byte[]? OpenText(string? sealedText, string context)
    {
        if (string.IsNullOrEmpty(sealedText))
        {
            return null;
        }

        var buffer = new byte[sealedText.Length];
        return Convert.TryFromBase64String(sealedText, buffer, out var written) ? Open(buffer.AsSpan(0, written), context) : null;
    }
}
