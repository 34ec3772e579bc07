using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Messaging;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.Tokens;
using Gatehouse.Server.CognitoApi;
using Gatehouse.Server.Oidc;
using Gatehouse.Server.Operator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server;

/// <summary>Builds the one ASP.NET Core application that serves every Gatehouse surface.</summary>
public static class GatehouseHost
{
    /// <summary>
    /// Creates the application on the given store. <paramref name="configure"/> runs last, so tests can swap the
    /// server (TestServer) or the clock (a fake <see cref="TimeProvider"/>).
    /// </summary>
    public static WebApplication Build(GatehouseOptions options, IGatehouseStore store, Action<WebApplicationBuilder>? configure = null)
    {
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = Math.Max(options.MaxRequestBodyBytes, 1024 * 1024) * 4L;
        });
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        Tls.HttpsListener.Add(builder.WebHost, options);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(store);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IdGenerator>();
        services.AddSingleton(new PasswordHasher(options.PasswordHashIterations));
        // Loaded now, not on first use: a missing or broken key must stop the server at start, not fail a sign-up.
        services.AddSingleton(new Credentials(DataKey.LoadOrCreate(options.DataKeyPath ?? Path.Combine(options.DataDirectory, "data.key"))));
        services.AddSingleton(sp => sp.GetRequiredService<Credentials>().DataKey);
        services.AddSingleton<SrpSignIn>();
        services.AddSingleton<SoftwareTokens>();
        services.AddSingleton(sp => new IssuerUrls(PublicUrl(sp.GetRequiredService<GatehouseOptions>(), sp)));
        services.AddSingleton<Func<System.Security.Cryptography.RSA>>(() => System.Security.Cryptography.RSA.Create(2048));
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<RevocationList>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<TokenValidator>();
        services.AddSingleton<AuthSessions>();
        services.AddSingleton<RefreshTokens>();
        services.AddSingleton<Codes>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<TokenGrants>();
        services.AddSingleton<Authorizations>();
        services.AddSingleton<LoginSessions>();
        services.AddSingleton<UserInfo>();
        services.AddSingleton<TokenRevocation>();
        services.AddSingleton(sp => new Outbox(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<Outbox>>(),
            options.Smtp is null ? null : new SmtpDelivery(options.Smtp.Host, options.Smtp.Port, options.Smtp.From)));
        services.AddSingleton<CognitoServices>();
        services.AddSingleton<CognitoEndpoint>();
        foreach (var type in typeof(GatehouseHost).Assembly.GetTypes())
        {
            if (!type.IsAbstract && typeof(ICognitoAction).IsAssignableFrom(type))
            {
                services.AddSingleton(typeof(ICognitoAction), type);
            }
        }

        services.AddSingleton<Core.Functions.FunctionRegistry>();
        services.AddSingleton<Core.Functions.IFunctionRuntime>(_ => new Core.Functions.UrlRuntime(
            new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })));
        services.AddSingleton(sp => new FunctionEndpointUrl(sp));
        services.AddSingleton<Core.Functions.IFunctionRuntime>(sp => Core.Functions.WorkerRuntime.Python(
            sp.GetRequiredService<FunctionEndpointUrl>().Get, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Gatehouse.Functions"),
            Environment.GetEnvironmentVariable("GATEHOUSE_PYTHON") is { Length: > 0 } python ? python : "python3"));
        services.AddSingleton<Core.Functions.IFunctionRuntime>(sp => Core.Functions.WorkerRuntime.Node(
            sp.GetRequiredService<FunctionEndpointUrl>().Get, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Gatehouse.Functions"),
            Environment.GetEnvironmentVariable("GATEHOUSE_NODE") is { Length: > 0 } node ? node : "node"));
        services.AddSingleton<Core.Functions.IFunctionRuntime>(sp => new Core.Functions.CommandRuntime(
            sp.GetRequiredService<FunctionEndpointUrl>().Get, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Gatehouse.Functions")));
        services.AddSingleton<Core.Functions.FunctionInvoker>();
        services.AddSingleton(sp => new Core.Functions.CognitoTriggers(sp.GetRequiredService<Core.Functions.FunctionInvoker>(), options.AccountId));
        services.AddSingleton(new Core.Gateway.Authorizers.AuthorizerOptions());
        services.AddSingleton(sp => new Core.Gateway.Authorizers.JwksFetcher(
            new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false },
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Core.Gateway.Authorizers.AuthorizerOptions>()));
        services.AddSingleton<Core.Gateway.Authorizers.IssuerKeyCache>();
        services.AddSingleton<Core.Gateway.Authorizers.GatewayTokenVerifier>();
        services.AddSingleton<Core.Gateway.Authorizers.LambdaAuthorizerCache>();
        services.AddSingleton<Gateway.GatewayStages>();
        services.AddSingleton<Gateway.HttpForwarder>();
        services.AddSingleton<Gateway.LambdaIntegration>();
        services.AddSingleton<Gateway.RestApiInvoker>();
        services.AddSingleton<Gateway.HttpApiInvoker>();
        services.AddSingleton<Gateway.AccessLog>();
        services.AddHostedService(sp => sp.GetRequiredService<Gateway.AccessLog>());
        services.AddSingleton<Config.ConfigApplier>();
        if (options.ConfigPath is not null)
        {
            services.AddHostedService<Config.ConfigWatcher>();
        }

        services.AddSingleton<Core.Gateway.ApiKeys.ApiKeyGate>();
        services.AddSingleton(sp => new Core.Gateway.Throttling.StageThrottle(sp.GetRequiredService<TimeProvider>(), options.GatewayAccountRateLimit, options.GatewayAccountBurstLimit));
        services.AddSingleton<GrantSweeper>();
        services.AddHostedService<GrantSweeperService>();
        services.AddCors();
        configure?.Invoke(builder);

        var app = builder.Build();

        // First: the gateway's responses are the API's own (REST CORS comes from its OPTIONS methods), and its
        // execute-api host owns every path.
        Gateway.GatewayEndpoint.Use(app);
        app.UseCors(cors => cors
            .AllowAnyOrigin()
            .AllowAnyMethod()
            .AllowAnyHeader()
            .WithExposedHeaders("x-amzn-RequestId", "x-amzn-ErrorType", "x-amzn-ErrorMessage", "Date"));
        WarmUpAsync(app.Services).GetAwaiter().GetResult();

        // Applied before the server can answer anything, so the health check's 200 means the file is in force.
        if (options.ConfigPath is not null)
        {
            app.Services.GetRequiredService<Config.ConfigApplier>().ApplyAtStartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        // Resolved on the first request, not here: the endpoint depends on IssuerUrls, which must see the port
        // Kestrel actually bound when the configured port is 0.
        app.MapPost("/", (HttpContext context, CognitoEndpoint cognito) => cognito.HandleAsync(context));
        app.MapGet("/{poolId}/.well-known/jwks.json", OidcEndpoints.JwksAsync);
        app.MapGet("/{poolId}/.well-known/openid-configuration", OidcEndpoints.OpenIdConfigurationAsync);
        app.MapGet("/oauth2/authorize", AuthorizeEndpoint.HandleAsync);
        app.MapPost("/oauth2/token", (HttpContext context, TokenGrants grants) => TokenEndpoint.HandleAsync(context, grants));
        app.MapMethods("/oauth2/userInfo", ["GET", "POST"], (HttpContext context, UserInfo userInfo) => UserInfoEndpoint.HandleAsync(context, userInfo));
        app.MapPost("/oauth2/revoke", (HttpContext context, TokenRevocation revocation) => RevokeEndpoint.HandleAsync(context, revocation));
        HostedUi.HostedUiEndpoints.Map(app);
        app.MapGet("/_gatehouse/health", OperatorEndpoints.Health);
        app.MapGet("/_gatehouse/outbox", OperatorEndpoints.OutboxAsync);
        app.MapPut("/_gatehouse/import/{poolId}/{jobId}", ImportUploadEndpoint.PutAsync);
        app.MapGet("/_gatehouse/ui/{poolId}/{clientId}/logo", UiLogoEndpoint.GetAsync);
        FunctionEndpoints.Map(app);
        ApiGatewayApi.ApiGatewayEndpoints.Map(app);
        return app;
    }

    /// <summary>The configured public URL, or <c>http://localhost:{bound port}</c>.</summary>
    private static string PublicUrl(GatehouseOptions options, IServiceProvider services)
    {
        if (options.PublicUrl is not null)
        {
            return options.PublicUrl;
        }

        var port = options.Port;
        if (port == 0)
        {
            var addresses = services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses;
            var bound = addresses?.Where(a => a.StartsWith("http://", StringComparison.Ordinal)).Select(a => new Uri(a.Replace("127.0.0.1", "localhost", StringComparison.Ordinal))).FirstOrDefault();
            port = bound?.Port ?? 0;
        }

        return $"http://localhost:{port}";
    }

    // Revocations must be in memory before the first request can present a revoked token.
    private static async Task WarmUpAsync(IServiceProvider services)
    {
        var store = services.GetRequiredService<IGatehouseStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var session = await store.OpenAsync(write: false, CancellationToken.None).ConfigureAwait(false);
        await RefreshTokens.LoadRevocationsAsync(session, services.GetRequiredService<RevocationList>(), now, CancellationToken.None).ConfigureAwait(false);
    }
}
