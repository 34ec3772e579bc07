namespace Gatehouse.Core.Messaging;

/// <summary>An email or SMS that Cognito would have sent, as <c>GET /_gatehouse/outbox</c> returns it.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public string UserPoolId { get; set; } = "";
    public string Username { get; set; } = "";
    public string Destination { get; set; } = "";

    /// <summary>EMAIL or SMS.</summary>
    public string DeliveryMedium { get; set; } = "";

    public string? Subject { get; set; }
    public string Message { get; set; } = "";
    public string? Code { get; set; }

    /// <summary>True when <see cref="Code"/> is a temporary password: it is kept in the outbox but never logged.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool CodeIsPassword { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
