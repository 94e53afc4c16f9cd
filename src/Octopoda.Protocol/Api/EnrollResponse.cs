namespace Octopoda.Protocol.Api;

/// <summary>The Tentacle's certificate and the CA that signed it.</summary>
public sealed record EnrollResponse
{
    /// <summary>The node's client certificate, PEM.</summary>
    public required string CertificatePem { get; init; }

    /// <summary>The Brain's CA certificate, PEM.</summary>
    public required string CaCertificatePem { get; init; }
}
