using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Octopoda.Brain.Security;
using Octopoda.Protocol.Certificates;

namespace Octopoda.Brain.Certificates;

/// <summary>
/// The Brain's CA: its own, created at first start in <c>&lt;dataDir&gt;/pki</c>, or a given one
/// (<see cref="PkiOptions"/>). It issues the Brain's server certificate (unless one is given) and each node's client
/// certificate. New keys are ECDSA P-256, written with mode 0600; issuing is <see cref="CertificateIssuer"/>'s, shared
/// with <c>octl cert</c>.
/// </summary>
internal sealed class CertificateAuthority : IDisposable
{
    private readonly IssuingAuthority _authority;

    private CertificateAuthority(IssuingAuthority authority, string certificateFile)
    {
        _authority = authority;
        CertificateFile = certificateFile;
        Fingerprint = ComputeFingerprint(authority.Certificate);
    }

    /// <summary>The CA certificate (public part).</summary>
    public X509Certificate2 Certificate => _authority.Certificate;

    /// <summary>The file the CA certificate was read from, for clients that pin it.</summary>
    public string CertificateFile { get; }

    /// <summary>SHA-256 of the CA certificate, lower-case hex: what join tokens pin.</summary>
    public string Fingerprint { get; }

    /// <summary>The CA certificate as PEM.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>Loads the Brain's own CA from <paramref name="pkiDirectory"/>, creating it on first start.</summary>
    public static CertificateAuthority LoadOrCreate(string pkiDirectory, string brainName, TimeProvider time)
    {
        Directory.CreateDirectory(pkiDirectory);
        var certPath = Path.Combine(pkiDirectory, PkiFiles.CaCertificate);
        var keyPath = Path.Combine(pkiDirectory, PkiFiles.CaKey);
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            var certificate = X509CertificateLoader.LoadCertificateFromFile(certPath);
            var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(keyPath));
            return new CertificateAuthority(IssuingAuthority.FromParts(certificate, key), certPath);
        }

        var caKey = CertificateIssuer.NewKey();
        var now = time.GetUtcNow();
        var created = CertificateIssuer.CreateAuthority(CertificateIssuer.Subject($"Octopoda CA ({brainName})"), caKey, now, now.AddYears(10));
        PrivateFile.Write(keyPath, caKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, created.ExportCertificatePem());
        return new CertificateAuthority(IssuingAuthority.FromParts(created, caKey), certPath);
    }

    /// <summary>Loads a given CA (certificate and key), checking it is a CA, the key is its own, and it is valid now.</summary>
    public static CertificateAuthority LoadGiven(string certificatePath, string keyPath, TimeProvider time) =>
        new(IssuingAuthority.Load(certificatePath, keyPath, time.GetUtcNow()), certificatePath);

    /// <summary>SHA-256 of a certificate's DER, lower-case hex.</summary>
    public static string ComputeFingerprint(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    /// <summary>
    /// Loads the Brain's server certificate from <paramref name="pkiDirectory"/>, issuing a new one when it is
    /// missing, was issued by another CA, lacks one of <paramref name="hostNames"/>, or expires within 30 days.
    /// </summary>
    public X509Certificate2 LoadOrIssueServerCertificate(string pkiDirectory, IReadOnlyCollection<string> hostNames, TimeProvider time)
    {
        Directory.CreateDirectory(pkiDirectory);
        var certPath = Path.Combine(pkiDirectory, PkiFiles.ServerCertificate);
        var keyPath = Path.Combine(pkiDirectory, PkiFiles.ServerKey);
        var now = time.GetUtcNow();
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            var existing = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            if (Validates(existing, clientAuth: false) && existing.NotAfter > now.AddDays(30).UtcDateTime
                && hostNames.All(h => existing.MatchesHostname(h)))
            {
                return Reload(existing);
            }

            existing.Dispose();
        }

        using var key = CertificateIssuer.NewKey();
        var request = CertificateIssuer.ServerRequest(new PublicKey(key), hostNames);
        using var issued = _authority.Issue(request, now, now.AddYears(2));
        PrivateFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, issued.ExportCertificatePem());
        return Reload(X509Certificate2.CreateFromPemFile(certPath, keyPath));
    }

    /// <summary>Loads a given server certificate and key, checking the key, the validity and the chain to this CA.</summary>
    public X509Certificate2 LoadGivenServerCertificate(string certificatePath, string keyPath, string fix, TimeProvider time) =>
        Reload(_authority.LoadIssued(certificatePath, keyPath, "server", CertificateIssuer.ServerAuthOid, fix, time.GetUtcNow()));

    /// <summary>Issues a node's client certificate for the public key in <paramref name="csrPem"/>; the subject is ours, not the CSR's.</summary>
    public X509Certificate2 IssueNodeCertificate(string nodeName, string csrPem, TimeProvider time)
    {
        var csr = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        var now = time.GetUtcNow();
        return _authority.Issue(CertificateIssuer.ClientRequest(nodeName, csr.PublicKey), now, now.AddYears(5));
    }

    /// <summary>True when <paramref name="certificate"/> chains to this CA and allows client or server auth.</summary>
    public bool Validates(X509Certificate2 certificate, bool clientAuth) =>
        CertificateIssuer.ChainsTo(certificate, Certificate, clientAuth ? CertificateIssuer.ClientAuthOid : CertificateIssuer.ServerAuthOid);

    /// <inheritdoc />
    public void Dispose() => _authority.Dispose();

    // A certificate built from PEM carries an ephemeral key; a PKCS#12 round trip gives one every TLS stack accepts.
    private static X509Certificate2 Reload(X509Certificate2 withKey)
    {
        using (withKey)
        {
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }
    }
}
