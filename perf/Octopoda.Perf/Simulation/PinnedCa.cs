using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Octopoda.Perf.Simulation;

/// <summary>
/// The Brain's CA as a virtual Tentacle trusts it: the Brain's certificate must chain to this CA (and be a
/// server certificate); host names are not checked, as on a real Tentacle. One instance serves every virtual node.
/// </summary>
internal sealed class PinnedCa : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    private PinnedCa(X509Certificate2 certificate, string pem)
    {
        Certificate = certificate;
        Pem = pem;
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }

    public X509Certificate2 Certificate { get; }

    public string Pem { get; }

    /// <summary>SHA-256 of the CA's DER bytes, lower-case hex: what a join token carries.</summary>
    public string Fingerprint { get; }

    public static PinnedCa FromPem(string pem) => new(X509Certificate2.CreateFromPem(pem), pem);

    /// <summary>A <see cref="RemoteCertificateValidationCallback"/> that trusts only this CA.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(Certificate);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.ApplicationPolicy.Add(ServerAuth);
        return custom.Build(leaf) && custom.ChainElements[^1].Certificate.RawData.AsSpan().SequenceEqual(Certificate.RawData);
    }

    public void Dispose() => Certificate.Dispose();
}
