using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Enrollment;
using Octopoda.Protocol.Json;

namespace Octopoda.Tentacle.Enrollment;

/// <summary>
/// First start: generates the node's key, sends a CSR and the join token's secret to a Brain whose CA matches
/// the token's fingerprint, and saves the certificate it gets back. The key never leaves the node.
/// </summary>
internal sealed class Enroller(TentacleOptions options)
{
    /// <summary>Enrols through <paramref name="brain"/>; returns null on success or why it failed.</summary>
    public async Task<string?> EnrollAsync(Uri brain, CancellationToken cancellationToken)
    {
        if (!JoinToken.TryParse(options.JoinToken, out var token, out var tokenError))
        {
            return options.JoinToken is null
                ? "this node is not enrolled and has no join token: create one with 'brain token create' and pass --join-token (or joinToken: in tentacle.yaml)"
                : tokenError;
        }

        var (ca, caError) = await DiscoverCaAsync(brain, token.CaFingerprint, cancellationToken);
        if (ca is null)
        {
            return caError;
        }

        using var pinned = ca;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest($"CN={options.Name}", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        using var http = Client(brain, BrainTrust.PinnedTo(pinned));
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(
                ApiRoutes.Enroll,
                new EnrollRequest { JoinSecret = token.Secret, NodeName = options.Name, CsrPem = csr },
                ProtocolJsonContext.Default.EnrollRequest,
                cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return $"cannot reach {brain}: {ex.InnerException?.Message ?? ex.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{brain} did not answer within 30 s";
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var problem = await TryReadProblemAsync(response, cancellationToken);
                return $"{brain} refused the enrolment ({(int)response.StatusCode}): {problem?.Detail ?? response.ReasonPhrase}";
            }

            var issued = await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.EnrollResponse, cancellationToken);
            if (issued is null)
            {
                return $"{brain} sent an empty enrolment answer";
            }

            NodeIdentity.Save(options.DataDirectory, key, issued.CertificatePem, issued.CaCertificatePem);
            return null;
        }
    }

    /// <summary>
    /// Fetches the Brain's CA without trusting the connection, then trusts it only if its SHA-256 equals the join
    /// token's fingerprint (the kubeadm discovery scheme): a man in the middle cannot produce a matching CA.
    /// </summary>
    private static async Task<(X509Certificate2? Ca, string? Error)> DiscoverCaAsync(Uri brain, string fingerprint, CancellationToken cancellationToken)
    {
        using var http = Client(brain, static (_, _, _, _) => true);
        string pem;
        try
        {
            pem = await http.GetStringAsync(ApiRoutes.CaCertificate, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return (null, $"cannot reach {brain}: {ex.InnerException?.Message ?? ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"{brain} did not answer within 30 s");
        }

        X509Certificate2 ca;
        try
        {
            ca = X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException)
        {
            return (null, $"{brain} did not serve a CA certificate at {ApiRoutes.CaCertificate}; is it an Octopoda Brain?");
        }

        if (Convert.ToHexStringLower(SHA256.HashData(ca.RawData)) != fingerprint)
        {
            ca.Dispose();
            return (null, $"the CA of {brain} does not match the join token's fingerprint: wrong Brain, or the token is for another one; refusing to enrol");
        }

        return (ca, null);
    }

    private static HttpClient Client(Uri brain, System.Net.Security.RemoteCertificateValidationCallback validate) =>
        new(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = validate }, ConnectTimeout = TimeSpan.FromSeconds(10) }, disposeHandler: true)
        {
            BaseAddress = brain,
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static async Task<ApiProblem?> TryReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.ApiProblem, cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
