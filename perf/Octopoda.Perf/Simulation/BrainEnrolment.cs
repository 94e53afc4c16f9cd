using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Enrollment;
using Octopoda.Protocol.Json;

namespace Octopoda.Perf.Simulation;

/// <summary>
/// The Tentacle's enrolment, for many nodes over one connection pool: fetch the Brain's CA without trusting the
/// connection and keep it only if it matches the join token's fingerprint, then send one CSR per node with the
/// token's secret over a connection that trusts only that CA.
/// </summary>
internal sealed class BrainEnrolment(Uri brain, JoinToken token) : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private HttpClient? _pinned;

    /// <summary>Fetches and checks the Brain's CA; throws <see cref="InvalidOperationException"/> saying why it is refused.</summary>
    public async Task<PinnedCa> DiscoverCaAsync(CancellationToken cancellationToken)
    {
        using var open = Client(static (_, _, _, _) => true);
        var pem = await open.GetStringAsync(ApiRoutes.CaCertificate, cancellationToken);
        PinnedCa ca;
        try
        {
            ca = PinnedCa.FromPem(pem);
        }
        catch (CryptographicException)
        {
            throw new InvalidOperationException($"{brain} did not serve a CA certificate at {ApiRoutes.CaCertificate}");
        }

        if (ca.Fingerprint != token.CaFingerprint)
        {
            ca.Dispose();
            throw new InvalidOperationException($"the CA of {brain} does not match the join token's fingerprint; refusing to enrol");
        }

        _pinned = Client(ca.Validate);
        return ca;
    }

    /// <summary>Enrols one node; returns its new credentials, or throws saying why the Brain refused.</summary>
    public async Task<NodeCredentials> EnrollAsync(string nodeName, string nodeDirectory, CancellationToken cancellationToken)
    {
        var http = _pinned ?? throw new InvalidOperationException("Discover the CA first.");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest($"CN={nodeName}", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        using var response = await http.PostAsJsonAsync(
            ApiRoutes.Enroll,
            new EnrollRequest { JoinSecret = token.Secret, NodeName = nodeName, CsrPem = csr },
            ProtocolJsonContext.Default.EnrollRequest,
            cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{brain} refused to enrol {nodeName} ({(int)response.StatusCode}): {body}", null, response.StatusCode);
        }

        var issued = await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.EnrollResponse, cancellationToken)
            ?? throw new HttpRequestException($"{brain} sent an empty enrolment answer for {nodeName}");
        return NodeCredentials.Save(nodeDirectory, key, issued.CertificatePem, token.CaFingerprint);
    }

    public void Dispose() => _pinned?.Dispose();

    private HttpClient Client(System.Net.Security.RemoteCertificateValidationCallback validate) =>
        new(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = validate }, ConnectTimeout = TimeSpan.FromSeconds(10) }, disposeHandler: true)
        {
            BaseAddress = brain,
            Timeout = RequestTimeout,
        };
}
