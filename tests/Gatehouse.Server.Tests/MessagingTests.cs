using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Tests;

/// <summary>The outbox, SMTP delivery to a real (local) SMTP sink, and what the log may and may not say.</summary>
public sealed class MessagingTests
{
    [Fact]
    public async Task Codes_are_logged_but_passwords_never_are()
    {
        var logs = new CapturingLoggerProvider();
        await using var gatehouse = await TestGatehouse.StartAsync(configureHost: b => b.Logging.AddProvider(logs));
        var s = await Scenario.CreateAsync(gatehouse);
        await s.SignUpConfirmedAsync("alice");
        await s.SignInAsync("alice");
        await gatehouse.CallAsync("AdminCreateUser", new
        {
            UserPoolId = s.PoolId,
            Username = "bob",
            TemporaryPassword = "Temp0rary!Secret",
            UserAttributes = new[] { new { Name = "email", Value = "bob@example.com" } },
        });
        await Assert.ThrowsAsync<CognitoError>(() => s.SignInAsync("alice", "Wr0ng!Secret"));

        var all = string.Join("\n", logs.Lines);
        Assert.Contains(await s.LatestCodeAsync("alice"), all, StringComparison.Ordinal);
        Assert.DoesNotContain(Scenario.Password, all, StringComparison.Ordinal);
        Assert.DoesNotContain("Temp0rary!Secret", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Wr0ng!Secret", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_outbox_lists_messages_newest_first_with_their_fields()
    {
        await using var gatehouse = await TestGatehouse.StartAsync();
        var s = await Scenario.CreateAsync(gatehouse, poolSettings: new
        {
            PoolName = "templates",
            AutoVerifiedAttributes = new[] { "email" },
            VerificationMessageTemplate = new { EmailSubject = "Welcome {username}", EmailMessage = "Hi {username}, your code is {####}" },
        });
        await gatehouse.CallAsync("SignUp", new { s.ClientId, Username = "carol", Password = Scenario.Password, UserAttributes = new[] { new { Name = "email", Value = "carol@example.com" } } });
        var outbox = System.Text.Json.Nodes.JsonNode.Parse(await gatehouse.Http.GetStringAsync($"/_gatehouse/outbox?userPoolId={s.PoolId}&username=carol"))!;
        var newest = outbox["messages"]![0]!;
        var code = newest["code"]!.GetValue<string>();
        Assert.Equal(s.PoolId, newest["userPoolId"]!.GetValue<string>());
        Assert.Equal("carol", newest["username"]!.GetValue<string>());
        Assert.Equal("carol@example.com", newest["destination"]!.GetValue<string>());
        Assert.Equal("EMAIL", newest["deliveryMedium"]!.GetValue<string>());
        Assert.Equal($"Hi carol, your code is {code}", newest["message"]!.GetValue<string>());
        Assert.NotNull(newest["createdAt"]);
        var missing = await gatehouse.Http.GetAsync("/_gatehouse/outbox");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task Email_is_delivered_over_smtp_when_configured()
    {
        using var sink = new SmtpSink();
        await using var gatehouse = await TestGatehouse.StartAsync(o => o.Smtp = new SmtpOptions { Host = "127.0.0.1", Port = sink.Port, From = "auth@example.com" });
        var s = await Scenario.CreateAsync(gatehouse);
        await gatehouse.CallAsync("SignUp", new { s.ClientId, Username = "dan", Password = Scenario.Password, UserAttributes = new[] { new { Name = "email", Value = "dan@example.com" } } });
        var mail = await sink.NextAsync();
        Assert.Contains("RCPT TO:<dan@example.com>", mail, StringComparison.Ordinal);
        Assert.Contains(await s.LatestCodeAsync("dan"), mail, StringComparison.Ordinal);
    }

    /// <summary>A minimal SMTP server on a free loopback port that records each conversation.</summary>
    private sealed class SmtpSink : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Channel _mails = new();

        public SmtpSink()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public Task<string> NextAsync() => _mails.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        public void Dispose() => _listener.Stop();

        private async Task AcceptAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync();
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            var transcript = new StringBuilder();
            await writer.WriteLineAsync("220 sink ESMTP");
            var inData = false;
            while (await reader.ReadLineAsync() is { } line)
            {
                transcript.AppendLine(line);
                if (inData)
                {
                    if (line == ".")
                    {
                        inData = false;
                        await writer.WriteLineAsync("250 OK");
                    }

                    continue;
                }

                var verb = line.Split(' ')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await writer.WriteLineAsync("250 sink");
                        break;
                    case "DATA":
                        inData = true;
                        await writer.WriteLineAsync("354 go ahead");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        _mails.Writer.TryWrite(transcript.ToString());
                        return;
                    default:
                        await writer.WriteLineAsync("250 OK");
                        break;
                }
            }

            _mails.Writer.TryWrite(transcript.ToString());
        }

        private sealed class Channel
        {
            private readonly System.Threading.Channels.Channel<string> _inner = System.Threading.Channels.Channel.CreateUnbounded<string>();

            public System.Threading.Channels.ChannelReader<string> Reader => _inner.Reader;

            public System.Threading.Channels.ChannelWriter<string> Writer => _inner.Writer;
        }
    }
}
