using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Octopoda.Brain.Security;
using Octopoda.Protocol;

namespace Octopoda.Brain.Certificates;

/// <summary>
/// The Brain's own CA: created at first start in <c>&lt;dataDir&gt;/pki</c>, it issues the Brain's server certificate
/// and each node's client certificate. Keys are ECDSA P-256; key files are written with mode 0600.
/// </summary>
internal sealed class CertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private readonly ECDsa _key;

    private CertificateAuthority(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
        Fingerprint = ComputeFingerprint(certificate);
    }

    /// <summary>The CA certificate (public part).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>SHA-256 of the CA certificate, lower-case hex: what join tokens pin.</summary>
    public string Fingerprint { get; }

    /// <summary>The CA certificate as PEM.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>Loads the CA from <paramref name="pkiDirectory"/>, creating it on first start.</summary>
    public static CertificateAuthority LoadOrCreate(string pkiDirectory, string brainName, TimeProvider time)
    {
        Directory.CreateDirectory(pkiDirectory);
        var certPath = Path.Combine(pkiDirectory, "ca.crt");
        var keyPath = Path.Combine(pkiDirectory, "ca.key");
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            var certificate = X509CertificateLoader.LoadCertificateFromFile(certPath);
            var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(keyPath));
            return new CertificateAuthority(certificate, key);
        }

        var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Octopoda CA ({brainName}), O=Octopoda", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        using var selfSigned = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        var publicOnly = X509CertificateLoader.LoadCertificate(selfSigned.RawData);
        PrivateFile.Write(keyPath, caKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, publicOnly.ExportCertificatePem());
        return new CertificateAuthority(publicOnly, caKey);
    }

    /// <summary>SHA-256 of a certificate's DER, lower-case hex.</summary>
    public static string ComputeFingerprint(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    /// <summary>
    /// Loads the Brain's server certificate from <paramref name="pkiDirectory"/>, issuing a new one when it is
    /// missing, was issued by another CA, lacks one of <paramref name="hostNames"/>, or expires within 30 days.
    /// </summary>
    public X509Certificate2 LoadOrIssueServerCertificate(string pkiDirectory, IReadOnlyCollection<string> hostNames, TimeProvider time)
    {
        var certPath = Path.Combine(pkiDirectory, "server.crt");
        var keyPath = Path.Combine(pkiDirectory, "server.key");
        var now = time.GetUtcNow();
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            var existing = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            if (existing.Issuer == Certificate.Subject && existing.NotAfter > now.AddDays(30).UtcDateTime
                && hostNames.All(h => existing.MatchesHostname(h)))
            {
                return Reload(existing);
            }
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={ProtocolInfo.BrainCertificateName}, O=Octopoda", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(ProtocolInfo.BrainCertificateName);
        foreach (var name in hostNames.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth], false));
        using var issued = Issue(request, now, now.AddYears(2));
        PrivateFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, issued.ExportCertificatePem());
        return Reload(X509Certificate2.CreateFromPemFile(certPath, keyPath));
    }

    /// <summary>Issues a node's client certificate for the public key in <paramref name="csrPem"/>; the subject is ours, not the CSR's.</summary>
    public X509Certificate2 IssueNodeCertificate(string nodeName, string csrPem, TimeProvider time)
    {
        var csr = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={nodeName}, O=Octopoda"), csr.PublicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ClientAuth], false));
        var now = time.GetUtcNow();
        return Issue(request, now, now.AddYears(5));
    }

    /// <summary>True when <paramref name="certificate"/> chains to this CA and allows <paramref name="usage"/> (client or server auth).</summary>
    public bool Validates(X509Certificate2 certificate, bool clientAuth)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(clientAuth ? ClientAuth : ServerAuth);
        return chain.Build(certificate) && chain.ChainElements[^1].Certificate.RawData.AsSpan().SequenceEqual(Certificate.RawData);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    private X509Certificate2 Issue(CertificateRequest request, DateTimeOffset now, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var generator = X509SignatureGenerator.CreateForECDsa(_key);
        var end = notAfter < Certificate.NotAfter ? notAfter : new DateTimeOffset(Certificate.NotAfter);
        return request.Create(Certificate.SubjectName, generator, now.AddMinutes(-5), end, serial);
    }

    // A certificate built from PEM carries an ephemeral key; a PKCS#12 round trip gives one every TLS stack accepts.
    private static X509Certificate2 Reload(X509Certificate2 withKey)
    {
        using (withKey)
        {
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }
    }
}
