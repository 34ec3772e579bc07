using System.Buffers;
using System.Text.Json;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.HostedUi;

/// <summary>
/// What the hosted pages use: Core's sign-in pieces, and the Cognito actions themselves, called in-process so that
/// sign-up, confirmation and password reset follow exactly the rules, throttles and outbox of the API.
/// </summary>
internal sealed class HostedUiServices(
    IGatehouseStore store,
    TimeProvider time,
    IdGenerator ids,
    PasswordHasher hasher,
    Authenticator authenticator,
    Authorizations authorizations,
    LoginSessions logins,
    CognitoEndpoint cognito,
    Core.Messaging.Outbox outbox,
    ILogger<HostedUiServices> logger)
{
    public IGatehouseStore Store { get; } = store;
    public TimeProvider Time { get; } = time;
    public PasswordHasher Hasher { get; } = hasher;
    public Authenticator Authenticator { get; } = authenticator;
    public Authorizations Authorizations { get; } = authorizations;
    public LoginSessions Logins { get; } = logins;
    public PendingSignIns Pending { get; } = new(ids, time);
    public ILogger Logger { get; } = logger;

    /// <summary>
    /// Calls a Cognito action of the client on behalf of the user typing into the page: the body carries ClientId,
    /// Username and, for a client with a secret, the SECRET_HASH that only the server can compute.
    /// </summary>
    public Task<JsonElement> CallAsync(string action, AppClient client, string username, Action<Utf8JsonWriter> members, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("ClientId", client.ClientId);
            writer.WriteString("Username", username);
            if (client.ClientSecret is { } secret)
            {
                writer.WriteString("SecretHash", SecretHash.Compute(secret, username, client.ClientId));
            }

            members(writer);
            writer.WriteEndObject();
        }

        return cognito.InvokeAsync(action, buffer.WrittenMemory, cancellationToken);
    }

    /// <summary>Announces messages a step queued (an MFA code), once its write session is committed.</summary>
    public Task AnnounceAsync(IReadOnlyList<Core.Messaging.OutboxMessage> sent) =>
        Task.WhenAll(sent.Select(m => outbox.AnnounceAsync(m, CancellationToken.None)));

    /// <summary>
    /// Signs the user in to the pool's domain and completes the authorization in one transaction: a new login
    /// session (the cookie value) and the redirect to the client's callback. The session is committed and closed here,
    /// before the implicit grant's tokens are issued (PreTokenGeneration may call back into Gatehouse).
    /// </summary>
    public async Task<(string Cookie, string Location)> SignInAsync(
        IStoreSession session, ValidAuthorization authorization, User user, CancellationToken cancellationToken)
    {
        var cookie = await Logins.StartAsync(session, authorization.Pool.Id, user, cancellationToken).ConfigureAwait(false);
        var redirect = await Authorizations.CompleteAsync(session, authorization, user, Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        await session.DisposeAsync().ConfigureAwait(false);
        var location = await Authorizations.RedirectAsync(redirect, Authenticator.Triggers, cancellationToken).ConfigureAwait(false);
        return (cookie, location);
    }
}
