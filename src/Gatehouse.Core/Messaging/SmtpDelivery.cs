using System.Net.Mail;

namespace Gatehouse.Core.Messaging;

/// <summary>Delivers email messages over SMTP. SMS stays in the outbox: there is no local SMS gateway to speak to.</summary>
public sealed class SmtpDelivery(string host, int port, string from)
{
    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.DeliveryMedium != "EMAIL")
        {
            return;
        }

        using var client = new SmtpClient(host, port) { EnableSsl = false, DeliveryMethod = SmtpDeliveryMethod.Network };
        using var mail = new MailMessage(from, message.Destination, message.Subject ?? "", message.Message);
        await client.SendMailAsync(mail, cancellationToken).ConfigureAwait(false);
    }
}
