using Gatehouse.Core.Messaging;

namespace Gatehouse.Server.CognitoApi;

/// <summary>The per-request state of one Cognito API call.</summary>
internal sealed class CognitoCall(string region, string requestId, CancellationToken cancellationToken, string? sourceIp = null)
{
    private readonly List<OutboxMessage> _sent = [];

    /// <summary>From the SigV4 credential scope when the request is signed, else us-east-1.</summary>
    public string Region { get; } = region;

    public string RequestId { get; } = requestId;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The address the request came from (the TCP peer; X-Forwarded-For is not trusted), or null in process.</summary>
    public string? SourceIp { get; } = sourceIp;

    /// <summary>Messages that the action queued; announced once the response is sent.</summary>
    public IReadOnlyList<OutboxMessage> Sent => _sent;

    /// <summary>
    /// The CustomMessage trigger's answer for the message this call sends, obtained before the write session
    /// (see <see cref="LifecycleTriggers"/>); null to use the pool's templates.
    /// </summary>
    public System.Text.Json.Nodes.JsonObject? CustomMessage { get; set; }

    public void Queued(OutboxMessage message) => _sent.Add(message);
}
