using Octopoda.Protocol.Enrollment;

namespace Octopoda.Tentacle;

/// <summary>The Tentacle's configuration (<c>tentacle.yaml</c>, <c>OCTOPODA_*</c> variables and flags map onto this).</summary>
internal sealed class TentacleOptions
{
    /// <summary>The node's name; defaults to the host name.</summary>
    public string Name { get; set; } = System.Environment.MachineName;

    /// <summary>Brain addresses (<c>https://host:7400</c>), tried in turn; the first that answers wins.</summary>
    public List<string> Brains { get; set; } = [];

    /// <summary>Used once, to enrol, when the data directory holds no certificate yet.</summary>
    public string? JoinToken { get; set; }

    /// <summary>Holds the node's key, certificate and the pinned CA.</summary>
    public string DataDirectory { get; set; } = "/var/lib/octopoda/tentacle";

    /// <summary>Where commands run and NodeApps live; defaults to <c>&lt;dataDir&gt;/workspace</c>.</summary>
    public string? Workspace { get; set; }

    /// <summary>The node's file store (<c>@fstore</c>, where relative upload targets land); defaults to <c>&lt;dataDir&gt;/fstore</c>.</summary>
    public string? FileStore { get; set; }

    /// <summary>The node's log directory (<c>@log</c>); defaults to <c>&lt;dataDir&gt;/log</c>.</summary>
    public string? LogDirectory { get; set; }

    /// <summary>Where packages are kept (<c>@pakma</c>); defaults to <c>&lt;dataDir&gt;/pakma</c>.</summary>
    public string? PakmaDirectory { get; set; }

    /// <summary>Heartbeat interval until the Brain's <c>Welcome</c> says otherwise.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Extra environment variables for every command (<c>env:</c> in tentacle.yaml).</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    public string WorkspacePath => Workspace ?? Path.Combine(DataDirectory, "workspace");

    public string FileStorePath => FileStore ?? Path.Combine(DataDirectory, "fstore");

    public string LogPath => LogDirectory ?? Path.Combine(DataDirectory, "log");

    public string PakmaPath => PakmaDirectory ?? Path.Combine(DataDirectory, "pakma");

    /// <summary>Lists every problem, so a misconfigured Tentacle fails at once naming all of them.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!NodeNames.IsValid(Name))
        {
            problems.Add($"name '{Name}' is not a valid node name: {NodeNames.Rule}");
        }

        if (Brains.Count == 0)
        {
            problems.Add("no Brain address: set brains: [https://host:7400] in tentacle.yaml, --brain or OCTOPODA_BRAIN");
        }

        foreach (var brain in Brains)
        {
            if (!Uri.TryCreate(brain, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                problems.Add($"brain address '{brain}' must be an https:// URL, e.g. https://brain.example:7400");
            }
        }

        if (JoinToken is not null && !Protocol.Enrollment.JoinToken.TryParse(JoinToken, out _, out var error))
        {
            problems.Add($"joinToken: {error}");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            problems.Add("dataDir must not be empty");
        }

        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            problems.Add("heartbeat interval must be positive");
        }

        return problems;
    }
}
