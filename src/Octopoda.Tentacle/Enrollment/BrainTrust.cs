using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Octopoda.Tentacle.Enrollment;

/// <summary>
/// Decides whether a Brain's TLS certificate is trusted: it must chain to the pinned CA (whose SHA-256 the join token
/// carried) and be a server certificate. The host name is not
/// checked, because a Tentacle may reach its Brain by any address (NAT, tunnels); the pinned private CA is the
/// trust anchor.
/// </summary>
internal static class BrainTrust
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    public static RemoteCertificateValidationCallback PinnedTo(X509Certificate2 ca) =>
        (_, certificate, _, _) => certificate is not null && ChainsTo(certificate, chain => chain.ChainPolicy.CustomTrustStore.Add(ca), root => root.RawData.AsSpan().SequenceEqual(ca.RawData));

    private static bool ChainsTo(X509Certificate certificate, Action<X509Chain> addAnchor, Func<X509Certificate2, bool> isAnchor)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuth);
        addAnchor(chain);
        return chain.Build(leaf) && isAnchor(chain.ChainElements[^1].Certificate);
    }
}
