using System.Buffers.Text;

namespace Gatehouse.Server;

/// <summary>
/// Per-request ids: <c>x-amzn-RequestId</c> (a v4 UUID, as AWS's) and API Gateway's extended request id. They
/// correlate a request with its logs and need to be unique, not secret, so they come from <see cref="Random.Shared"/>
/// (a seeded xoshiro256** in user space) instead of the OS's CSPRNG, which costs a system call per id on Linux: on
/// the gateway's proxy path those were two of the eight system calls of every request. Every secret and identifier
/// that must not be guessed still comes from <see cref="Core.IdGenerator"/>.
/// </summary>
internal static class RequestIds
{
    public static string NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }

    /// <summary>16 characters of URL-safe base64, the shape of API Gateway's <c>x-amz-apigw-id</c>.</summary>
    public static string NewExtendedRequestId()
    {
        Span<byte> bytes = stackalloc byte[12];
        Random.Shared.NextBytes(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
