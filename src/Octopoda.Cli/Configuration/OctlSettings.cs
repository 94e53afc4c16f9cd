using Octopoda.Client;

namespace Octopoda.Cli.Configuration;

/// <summary>How to reach the Brain, after the config file, the environment and the flags were combined.</summary>
/// <param name="Brain">The Brain's address.</param>
/// <param name="Token">The bearer token, if any.</param>
/// <param name="CaFile">The CA certificate file, as an absolute path.</param>
/// <param name="CaFingerprint">The CA's SHA-256 fingerprint.</param>
/// <param name="ConfigFile">The config file read, if any.</param>
internal sealed record OctlSettings(Uri Brain, string? Token, string? CaFile, string? CaFingerprint, string? ConfigFile)
{
    /// <summary>The SDK options for these settings.</summary>
    public OctopodaClientOptions ToClientOptions() => new()
    {
        BaseAddress = Brain,
        Token = Token,
        CaCertificateFile = CaFile,
        CaFingerprint = CaFingerprint,
    };
}
