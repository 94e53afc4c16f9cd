using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Audit;
using Octopoda.Brain.Certificates;
using Octopoda.Brain.Enrollment;
using Octopoda.Brain.Gateway;
using Octopoda.Brain.Nodes;
using Octopoda.Brain.Security;
using Octopoda.Brain.Schedules;
using Octopoda.Brain.Store;
using Octopoda.Brain.Targets;
using Octopoda.Brain.Tasks;
using Octopoda.Brain.Workgroups;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Workgroups;

namespace Octopoda.Brain;

/// <summary>
/// The Brain as an object: <c>Program</c> builds and runs one; tests construct the same class. Start creates the
/// data directory, the CA and server certificate on first start, the store's schema and the admin token, then
/// listens on one HTTPS port for the API and the agent gateway.
/// </summary>
internal sealed class BrainApplication : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly BrainOptions _options;

    private BrainApplication(WebApplication app, BrainOptions options, CertificateAuthority ca)
    {
        _app = app;
        _options = options;
        CertificateAuthority = ca;
    }

    public IServiceProvider Services => _app.Services;

    public CertificateAuthority CertificateAuthority { get; }

    /// <summary>The bound HTTPS address (with the real port when configured with port 0).</summary>
    public Uri Address { get; private set; } = new("https://127.0.0.1/");

    /// <summary>Path of the file holding the admin API token.</summary>
    public string AdminTokenFile => Path.Combine(_options.DataDirectory, "admin.token");

    /// <summary>Path of the CA certificate, for clients that pin it.</summary>
    public string CaCertificateFile => CertificateAuthority.CertificateFile;

    public static BrainApplication Create(BrainOptions options, Action<ILoggingBuilder>? configureLogging = null, TimeProvider? time = null)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(nameof(BrainOptions), typeof(BrainOptions), problems);
        }

        time ??= TimeProvider.System;
        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(options.DataDirectory);
        File.SetUnixFileMode(options.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var listen = new Uri(options.Listen);
        var (ca, serverCertificate) = BrainCertificates.Load(options.Pki, options.DataDirectory, options.Name, HostNamesFor(listen, options), time);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "brain",
            ContentRootPath = options.DataDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // Key-ring notices from the authentication stack's data protection, unused by bearer tokens.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Logging.AddFilter("Octopoda.Brain.Security.BearerTokenHandler", LogLevel.Warning);
        configureLogging?.Invoke(builder.Logging);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // API bodies are small; endpoints that stream files will raise this for themselves.
            kestrel.Limits.MaxRequestBodySize = JsonBody.MaxBytes;
            kestrel.AddServerHeader = false;
            void Https(ListenOptions listenOptions)
            {
                listenOptions.Protocols = HttpProtocols.Http1AndHttp2;
                listenOptions.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverCertificate,
                    // API clients authenticate with bearer tokens and send no certificate; Tentacles must send
                    // theirs, which the gateway endpoint requires and checks against the node's enrolment.
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (certificate, _, _) => ca.Validates(certificate, clientAuth: true),
                });
            }

            switch (listen.Host)
            {
                case "0.0.0.0" or "*" or "+":
                    kestrel.ListenAnyIP(listen.Port, Https);
                    break;
                case "localhost":
                    kestrel.ListenLocalhost(listen.Port, Https);
                    break;
                default:
                    kestrel.Listen(IPAddress.Parse(listen.Host.Trim('[', ']')), listen.Port, Https);
                    break;
            }
        });

        var services = builder.Services;
        services.AddSingleton(time);
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(ca);
        services.AddSingleton(new BrainIdentity(options.Name, time.GetUtcNow()));
        services.AddDbContextFactory<BrainDbContext>(db => StoreSetup.Configure(db, options.Store, options.DataDirectory));
        services.AddSingleton<NodeRegistry>();
        services.AddSingleton<TargetResolver>();
        services.AddSingleton<TaskEvents>();
        services.AddSingleton<TaskWaiter>();
        services.AddSingleton<TaskSubmitter>();
        services.AddSingleton<LiveOutput>();
        services.AddSingleton<DeliveryStats>();
        services.AddSingleton<TaskCanceller>();
        services.AddSingleton<WorkgroupTree>();
        services.AddSingleton<Files.FileSpool>();
        services.AddSingleton<Files.PullReceiver>();
        services.AddSingleton<Files.NodePuller>();
        services.AddSingleton<Files.FileStore>();
        services.AddSingleton<Scenarios.ScenarioService>();
        services.AddHostedService<Files.SpoolSweeper>();
        services.AddSingleton<ScopeFactory>();
        services.AddSingleton<AuditLog>();
        services.AddHostedService<ExpirySweeper>();
        services.AddSingleton<ScheduleRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduleRunner>());
        services.AddSingleton<TaskUpdateWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<TaskUpdateWriter>());
        services.AddHostedService<LivenessMonitor>();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<JoinTokenService>();
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        // One authorization path: every API endpoint needs a token and a scope built from it (ScopeAuthorizationHandler).
        services.AddAuthorization(authorization => authorization.DefaultPolicy = new AuthorizationPolicyBuilder(BearerTokenHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(ScopeRequirement.Instance)
            .Build());
        services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AccessResultHandler>();
        services.AddLoginRateLimit(options.LoginAttemptsPerMinute);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        var app = builder.Build();
        app.UseWebSockets();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        BrainInfoEndpoint.Map(app);
        EnrollmentEndpoints.Map(app);
        AgentGatewayEndpoint.Map(app);
        var api = app.MapGroup(ApiRoutes.Prefix)
            .RequireAuthorization()
            .AddEndpointFilter<AuditFilter>()
            .AddEndpointFilter<RefusalFilter>();
        LoginEndpoints.Map(api);
        TokenEndpoints.Map(api);
        WhoAmIEndpoint.Map(api);
        WorkgroupEndpoints.Map(api);
        AuditEndpoints.Map(api);
        Files.FileUploadEndpoints.Map(api);
        Files.FileNodeEndpoints.Map(api);
        Files.FileStoreEndpoints.Map(api);
        NodeEndpoints.Map(api);
        NodeRevocationEndpoints.Map(api);
        CommandEndpoints.Map(api);
        TaskEndpoints.Map(api);
        TaskStreamEndpoints.Map(api);
        NodeProbeEndpoints.Map(api);
        ScheduleEndpoints.Map(api);
        Scenarios.ScenarioEndpoints.Map(api);
        Scenarios.NodeAppEndpoints.Map(api);
        DeliveryMetricsEndpoint.Map(api);
        return new BrainApplication(app, options, ca);
    }

    /// <summary>Prepares the store and the admin token, then starts listening.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await PrepareStoreAsync(cancellationToken);
        await Services.GetRequiredService<ApiTokenService>().EnsureAdminTokenAsync(AdminTokenFile, cancellationToken);
        var workgroups = Services.GetRequiredService<WorkgroupTree>();
        if (_options.AdminPassword is { } password && !await workgroups.IsAccountAsync(WorkgroupPath.Root, cancellationToken))
        {
            await workgroups.GrantAsync(WorkgroupPath.Root, password, cancellationToken);
        }

        await Services.GetRequiredService<NodeRegistry>().LoadAsync(cancellationToken);
        await _app.StartAsync(cancellationToken);
        var port = BindingAddress.Parse(_app.Urls.First()).Port;
        var listen = new Uri(_options.Listen);
        var host = listen.Host is "0.0.0.0" or "*" or "+" ? "127.0.0.1" : listen.Host;
        Address = new UriBuilder("https", host, port).Uri;
    }

    /// <summary>Creates the store's schema if needed, without listening (for offline commands such as <c>token create</c>).</summary>
    public async Task PrepareStoreAsync(CancellationToken cancellationToken = default)
    {
        var dbFactory = Services.GetRequiredService<IDbContextFactory<BrainDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await StoreSetup.InitializeAsync(db, cancellationToken);
    }

    /// <summary>Creates a join token (the same as <c>brain token create</c>).</summary>
    public Task<Protocol.Enrollment.JoinToken> CreateJoinTokenAsync(int uses, TimeSpan lifetime, CancellationToken cancellationToken = default) =>
        Services.GetRequiredService<JoinTokenService>().CreateAsync(uses, lifetime, null, cancellationToken);

    /// <summary>Sets or changes the administrator's password (the same as <c>brain admin password</c>).</summary>
    public Task SetAdminPasswordAsync(string password, CancellationToken cancellationToken = default) =>
        Services.GetRequiredService<WorkgroupTree>().GrantAsync(WorkgroupPath.Root, password, cancellationToken);

    /// <summary>Reads the admin API token.</summary>
    public string ReadAdminToken() => File.ReadAllText(AdminTokenFile).Trim();

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        CertificateAuthority.Dispose();
    }

    private static List<string> HostNamesFor(Uri listen, BrainOptions options)
    {
        var names = new List<string> { "localhost", "127.0.0.1", "::1", Environment.MachineName };
        if (listen.Host is not ("0.0.0.0" or "*" or "+" or "localhost"))
        {
            names.Add(listen.Host.Trim('[', ']'));
        }

        names.AddRange(options.HostNames);
        return names;
    }
}
