using Gatehouse.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Core.Messaging;

/// <summary>
/// Where every email and SMS goes: stored in the action's transaction, then announced on the console and handed to
/// delivery once that transaction is committed.
/// </summary>
public sealed partial class Outbox(TimeProvider time, ILogger<Outbox> logger, SmtpDelivery? delivery = null)
{
    public async Task<OutboxMessage> AddAsync(
        IStoreSession session, string poolId, string username, string medium, string destination, string? subject, string body, string? code,
        CancellationToken cancellationToken)
    {
        var message = new OutboxMessage
        {
            UserPoolId = poolId,
            Username = username,
            DeliveryMedium = medium,
            Destination = destination,
            Subject = subject,
            Message = body,
            Code = code,
            CreatedAt = time.GetUtcNow(),
        };
        await session.AddMessageAsync(message, cancellationToken).ConfigureAwait(false);
        return message;
    }

    /// <summary>Called after the commit: one console line per message, then real delivery if configured.</summary>
    public async Task AnnounceAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        // Codes are logged on purpose: reading them from the console is how developers confirm users locally.
        // Temporary passwords are passwords, and passwords are never logged.
        LogMessage(message.DeliveryMedium, message.UserPoolId, message.Username, message.Destination,
            message.CodeIsPassword ? "(temporary password, see the outbox)" : message.Code ?? "-");
        if (delivery is not null)
        {
            try
            {
                await delivery.DeliverAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogDeliveryFailed(e, message.DeliveryMedium, message.Destination);
            }
        }
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "outbox {Medium} pool={PoolId} user={Username} to={Destination} code={Code}")]
    private partial void LogMessage(string medium, string poolId, string username, string destination, string code);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Delivery of a {Medium} message to {Destination} failed; it stays in the outbox")]
    private partial void LogDeliveryFailed(Exception exception, string medium, string destination);
}
