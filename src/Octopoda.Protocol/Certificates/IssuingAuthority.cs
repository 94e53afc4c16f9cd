using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Octopoda.Protocol.Certificates;

/// <summary>A CA certificate with its private key, checked on load: a CA, the key matching, valid now.</summary>
public sealed class IssuingAuthority : IDisposable
{
    private const string MakeOne = "make a CA with 'octl cert ca --out DIR'";

    private IssuingAuthority(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        Certificate = certificate;
        Key = key;
    }

    /// <summary>The CA certificate (public part).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA's signing key (ECDSA or RSA).</summary>
    public AsymmetricAlgorithm Key { get; }

    /// <summary>Takes ownership of a CA certificate and its key without checking them (a CA this process just made).</summary>
    public static IssuingAuthority FromParts(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(key);
        return new IssuingAuthority(certificate, key);
    }

    /// <summary>Loads <see cref="PkiFiles.CaCertificate"/> and <see cref="PkiFiles.CaKey"/> from <paramref name="directory"/>.</summary>
    public static IssuingAuthority LoadDirectory(string directory, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new CertificateMaterialException($"CA directory {directory} does not exist; make one with 'octl cert ca --out {directory}'");
        }

        return Load(Path.Combine(directory, PkiFiles.CaCertificate), Path.Combine(directory, PkiFiles.CaKey), now);
    }

    /// <summary>Loads and checks a CA certificate and its key; every problem names the file and the fix.</summary>
    public static IssuingAuthority Load(string certificatePath, string keyPath, DateTimeOffset now)
    {
        var certificate = CertificateFiles.ReadCertificate(certificatePath, "CA certificate", MakeOne);
        AsymmetricAlgorithm? key = null;
        try
        {
            if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
            {
                throw new CertificateMaterialException(
                    $"{certificatePath} is not a CA certificate (its basic constraints do not allow issuing certificates); give the CA's own certificate, such as the {PkiFiles.CaCertificate} made by 'octl cert ca'");
            }

            CertificateFiles.CheckValidity(certificate, certificatePath, "CA certificate", now,
                "make a new CA with 'octl cert ca' (every node must then enrol again)");
            key = CertificateFiles.ReadPrivateKey(keyPath, "CA key", $"it is written beside the CA certificate by 'octl cert ca' as {PkiFiles.CaKey}");
            CertificateFiles.Attach(certificate, certificatePath, key, keyPath, "CA").Dispose();
            return new IssuingAuthority(certificate, key);
        }
        catch
        {
            key?.Dispose();
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>Signs <paramref name="request"/>, valid until <paramref name="notAfter"/> or this CA's end.</summary>
    public X509Certificate2 Issue(CertificateRequest request, DateTimeOffset now, DateTimeOffset notAfter) =>
        CertificateIssuer.Issue(request, Certificate, Key, now, notAfter);

    /// <summary>
    /// Loads a leaf certificate and its key issued by this CA and checks them: the key matches, valid now, chains
    /// here with <paramref name="usageOid"/>. The result carries the private key.
    /// </summary>
    public X509Certificate2 LoadIssued(string certificatePath, string keyPath, string what, string usageOid, string fix, DateTimeOffset now)
    {
        using var certificate = CertificateFiles.ReadCertificate(certificatePath, $"{what} certificate", fix);
        using var key = CertificateFiles.ReadPrivateKey(keyPath, $"{what} key", fix);
        var withKey = CertificateFiles.Attach(certificate, certificatePath, key, keyPath, what);
        try
        {
            CertificateFiles.CheckValidity(withKey, certificatePath, $"{what} certificate", now, fix);
            if (CertificateIssuer.CheckChain(withKey, Certificate, usageOid) is { } reason)
            {
                throw new CertificateMaterialException(
                    $"{what} certificate {certificatePath} does not chain to the CA '{Certificate.Subject}' for {Usage(usageOid)} ({reason}); {fix}");
            }

            return withKey;
        }
        catch
        {
            withKey.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Key.Dispose();
        Certificate.Dispose();
    }

    private static string Usage(string oid) => oid switch
    {
        CertificateIssuer.ServerAuthOid => "server authentication",
        CertificateIssuer.ClientAuthOid => "client authentication",
        _ => oid,
    };
}
