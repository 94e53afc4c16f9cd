using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Octopoda.Client.Http;
using Octopoda.Protocol.Api;

namespace Octopoda.Client.Tls;

/// <summary>
/// With only a fingerprint pinned, fetches the Brain's CA from <see cref="ApiRoutes.CaCertificate"/> over a connection
/// that is not yet trusted, and keeps it only if its SHA-256 equals the fingerprint (the kubeadm discovery scheme; the
/// Tentacle enrols the same way). A man in the middle cannot produce a CA with that fingerprint, so nothing is
/// trusted that the pin does not vouch for. This is needed because a .NET server on Linux never sends its
/// self-signed root in the TLS chain, so the CA cannot be found among the certificates presented.
/// </summary>
internal sealed class CaDiscovery(Uri caUri, byte[] fingerprint, TimeSpan timeout, FailureTranslator failures)
{
    /// <summary>The CA, or null when the Brain does not serve one (an older Brain: rely on the presented chain).</summary>
    public async Task<X509Certificate2?> FetchAsync(CancellationToken cancellationToken)
    {
        // Accepting any certificate is safe here only because the answer is checked against the pinned fingerprint.
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = timeout,
            SslOptions = { RemoteCertificateValidationCallback = static (_, _, _, _) => true },
        };
        using var http = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        using var response = await http.GetAsync(caUri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var pem = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        X509Certificate2 ca;
        try
        {
            ca = X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw failures.Unreadable(ex);
        }

        var actual = SHA256.HashData(ca.RawData);
        if (!actual.AsSpan().SequenceEqual(fingerprint))
        {
            ca.Dispose();
            throw failures.WrongCa(Convert.ToHexStringLower(actual), Convert.ToHexStringLower(fingerprint));
        }

        return ca;
    }
}
