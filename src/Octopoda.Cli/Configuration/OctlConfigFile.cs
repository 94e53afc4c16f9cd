namespace Octopoda.Cli.Configuration;

/// <summary>The keys of <c>octl.yaml</c>. Unknown keys are ignored, so a newer file still works with an older octl.</summary>
internal sealed class OctlConfigFile
{
    /// <summary><c>brain: https://host:7400</c>.</summary>
    public string? Brain { get; set; }

    /// <summary><c>token: …</c>, the bearer token.</summary>
    public string? Token { get; set; }

    /// <summary><c>caFile: path</c>, the Brain's CA certificate; relative to the config file's directory.</summary>
    public string? CaFile { get; set; }

    /// <summary><c>caFingerprint: hex</c>, the SHA-256 fingerprint of the Brain's CA certificate.</summary>
    public string? CaFingerprint { get; set; }
}
