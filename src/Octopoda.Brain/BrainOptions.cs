using Octopoda.Brain.Certificates;
using Octopoda.Brain.Nodes;
using Octopoda.Brain.Store;

namespace Octopoda.Brain;

/// <summary>The Brain's configuration (<c>brain.yaml</c>, <c>OCTOPODA_*</c> variables and flags map onto this).</summary>
internal sealed class BrainOptions
{
    /// <summary>The Brain's name, shown to users and in its CA's name.</summary>
    public string Name { get; set; } = "brain";

    /// <summary>Holds the SQLite store, the CA and the admin token.</summary>
    public string DataDirectory { get; set; } = "/var/lib/octopoda/brain";

    /// <summary>The one HTTPS address for the API and the agent gateway, e.g. <c>https://0.0.0.0:7400</c>.</summary>
    public string Listen { get; set; } = "https://0.0.0.0:7400";

    /// <summary>Extra DNS names or IP addresses for the Brain's certificate (localhost, 127.0.0.1 and the host name are always in).</summary>
    public List<string> HostNames { get; set; } = [];

    public StoreOptions Store { get; set; } = new();

    public LivenessOptions Liveness { get; set; } = new();

    public Files.FileTransferOptions Files { get; set; } = new();

    /// <summary>Given certificate material; unset, the Brain makes and uses its own CA.</summary>
    public PkiOptions Pki { get; set; } = new();

    /// <summary>
    /// The administrator's password to set at start when none is set yet (<c>OCTOPODA_ADMIN_PASSWORD</c>); ignored
    /// once one is, so a leftover variable cannot reset it. Never logged.
    /// </summary>
    public string? AdminPassword { get; set; }

    /// <summary>Login attempts allowed per source address in a sliding minute; more get 429.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>Lists every problem, so a misconfigured Brain fails at once naming all of them.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("name must not be empty");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            problems.Add("dataDir must not be empty");
        }

        if (!Uri.TryCreate(Listen, UriKind.Absolute, out var listen) || listen.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add($"listen must be an https:// address with a port, e.g. https://0.0.0.0:7400 (got '{Listen}')");
        }

        if (Store.IsPostgres && string.IsNullOrWhiteSpace(Store.ConnectionString))
        {
            problems.Add("store.connectionString is required when store.provider is postgres");
        }
        else if (!Store.IsPostgres && !string.Equals(Store.Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"store.provider must be sqlite or postgres (got '{Store.Provider}')");
        }

        if (Liveness.HeartbeatInterval <= TimeSpan.Zero || Liveness.UnstableAfter <= Liveness.HeartbeatInterval
            || Liveness.OfflineAfter <= Liveness.UnstableAfter)
        {
            problems.Add("liveness thresholds must satisfy 0 < heartbeatInterval < unstableAfter < offlineAfter");
        }

        if (AdminPassword is not null && Security.PasswordHasher.Weakness(AdminPassword) is { } weakness)
        {
            problems.Add($"OCTOPODA_ADMIN_PASSWORD is refused: {weakness}");
        }

        if (Files.MaxTransferBytes < 1)
        {
            problems.Add("files.maxTransferBytes must be positive");
        }

        if (LoginAttemptsPerMinute < 1)
        {
            problems.Add("loginAttemptsPerMinute must be at least 1");
        }

        problems.AddRange(Pki.Validate());
        return problems;
    }
}
