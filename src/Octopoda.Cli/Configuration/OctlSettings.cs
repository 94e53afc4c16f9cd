using Octopoda.Client;

namespace Octopoda.Cli.Configuration;

/// <summary>How to reach the Brain, after the config file, the session, the environment and the flags were combined.</summary>
/// <param name="Brain">The Brain's address.</param>
/// <param name="Token">The bearer token, if any.</param>
/// <param name="CaFile">The CA certificate file, as an absolute path.</param>
/// <param name="CaFingerprint">The CA's SHA-256 fingerprint.</param>
/// <param name="ConfigFile">The config file read, if any.</param>
internal sealed record OctlSettings(Uri Brain, string? Token, string? CaFile, string? CaFingerprint, string? ConfigFile)
{
    /// <summary>Where <see cref="Token"/> came from.</summary>
    public TokenSource TokenSource { get; init; } = TokenSource.None;

    /// <summary>The current workgroup path (canonical, absolute) from <c>OCTOPODA_PATH</c> or the session; null when unknown.</summary>
    public string? WorkgroupPath { get; init; }

    /// <summary>Where the login session is kept; null when there is nowhere (no config file and no home).</summary>
    public string? SessionFile { get; init; }

    /// <summary>The session as read; null when there is none (or it was not read).</summary>
    public OctlSessionFile? Session { get; init; }

    /// <summary>True when the session's token has expired and nothing else gave a token.</summary>
    public bool SessionExpired { get; init; }

    /// <summary>The SDK options for these settings.</summary>
    public OctopodaClientOptions ToClientOptions() => new()
    {
        BaseAddress = Brain,
        Token = Token,
        CaCertificateFile = CaFile,
        CaFingerprint = CaFingerprint,
        WorkgroupPath = WorkgroupPath,
    };
}
