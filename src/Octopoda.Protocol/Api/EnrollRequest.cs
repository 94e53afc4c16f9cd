namespace Octopoda.Protocol.Api;

/// <summary>A Tentacle's request for a certificate.</summary>
public sealed record EnrollRequest
{
    /// <summary>The secret part of the join token.</summary>
    public required string JoinSecret { get; init; }

    /// <summary>The node name to certify.</summary>
    public required string NodeName { get; init; }

    /// <summary>A PKCS#10 certificate signing request, PEM.</summary>
    public required string CsrPem { get; init; }
}
