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

    /// <summary><c>git:</c>, the Git server that <c>octl scen repo</c> pushes scenarios to and clones them from.</summary>
    public GitSection? Git { get; set; }

    /// <summary>The keys under <c>git:</c>.</summary>
    internal sealed class GitSection
    {
        /// <summary><c>serveUrl: https://git.example.com</c>, <c>file:///srv/git</c> or a path; a relative path is relative to the config file's directory.</summary>
        public string? ServeUrl { get; set; }

        /// <summary><c>username: alice</c>: the repositories' owner (<c>&lt;serveUrl&gt;/&lt;username&gt;/&lt;scen&gt;.git</c>) and the HTTP user.</summary>
        public string? Username { get; set; }

        /// <summary><c>password: …</c>, for HTTP basic authentication.</summary>
        public string? Password { get; set; }

        /// <summary><c>token: …</c>, an access token sent as the HTTP password when there is no <c>password:</c>.</summary>
        public string? Token { get; set; }
    }
}
