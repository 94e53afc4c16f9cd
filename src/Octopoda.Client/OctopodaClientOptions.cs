namespace Octopoda.Client;

/// <summary>How an <see cref="OctopodaClient"/> reaches and authenticates to a Brain.</summary>
/// <remarks>
/// The Brain's certificate is issued by the Brain's own CA. Pin that CA with one of
/// <see cref="CaCertificateFile"/>, <see cref="CaCertificatePem"/> or <see cref="CaFingerprint"/>; the host name
/// in the certificate is then not checked, because a Brain is reached under many addresses (behind NAT, by IP).
/// With none of them set, the system's trust store and the usual host-name check apply.
/// </remarks>
public sealed class OctopodaClientOptions
{
    /// <summary>The Brain's address, e.g. <c>https://brain.example:7400</c>.</summary>
    public required Uri BaseAddress { get; set; }

    /// <summary>A bearer token sent with every request; null sends none.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// The caller's current workgroup path (absolute, e.g. <c>/room1/g1</c>), sent as the
    /// <c>X-Octopoda-Path</c> header with every request; it must be the token's account or lie under it. Relative
    /// paths and <c>@group</c> targets resolve against it, and <c>ALL</c> means its members. Null sends none: the
    /// current path is then the account.
    /// </summary>
    public string? WorkgroupPath { get; set; }

    /// <summary>A file holding the Brain's CA certificate (PEM or DER).</summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>The Brain's CA certificate as PEM text.</summary>
    public string? CaCertificatePem { get; set; }

    /// <summary>
    /// The SHA-256 fingerprint of the Brain's CA certificate (its DER bytes), in hex; colons and case are ignored.
    /// Used alone, the Brain must present its CA in the TLS chain it sends.
    /// </summary>
    public string? CaFingerprint { get; set; }

    /// <summary>
    /// How long one request may take, connecting included. Streams (<see cref="OctopodaClient.WaitBatchAsync"/>,
    /// <see cref="OctopodaClient.StreamTaskAsync"/>, <see cref="OctopodaClient.StreamBatchAsync"/>) are bounded only while
    /// connecting; <see cref="OctopodaClient.WaitTaskAsync"/> gets its own wait on top of this.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
}
