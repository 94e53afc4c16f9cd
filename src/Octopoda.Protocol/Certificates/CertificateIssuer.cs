using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Octopoda.Protocol.Certificates;

/// <summary>
/// Makes Octopoda's certificates with the BCL: a self-signed CA, the Brain's server certificate and client
/// certificates, all signed by the CA. New keys are ECDSA P-256; a given CA may also hold an RSA key. The Brain's
/// own CA and <c>octl cert</c> both issue through here, so their certificates have the same shape.
/// </summary>
public static class CertificateIssuer
{
    /// <summary>The TLS server authentication usage (<c>id-kp-serverAuth</c>).</summary>
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>The TLS client authentication usage (<c>id-kp-clientAuth</c>).</summary>
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    // Certificates are backdated a little so a peer whose clock is slightly behind accepts them at once.
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    /// <summary>A subject <c>CN=&lt;commonName&gt;, O=Octopoda</c>, built without parsing (a name may hold commas).</summary>
    public static X500DistinguishedName Subject(string commonName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        builder.AddOrganizationName("Octopoda");
        return builder.Build();
    }

    /// <summary>A new ECDSA P-256 key, the kind every certificate made here gets.</summary>
    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A self-signed CA certificate for <paramref name="key"/>, valid from now until <paramref name="notAfter"/> (public part only).</summary>
    public static X509Certificate2 CreateAuthority(X500DistinguishedName subject, ECDsa key, DateTimeOffset now, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(key);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var selfSigned = request.CreateSelfSigned(now - Backdate, notAfter);
        return X509CertificateLoader.LoadCertificate(selfSigned.RawData);
    }

    /// <summary>
    /// The Brain's server certificate request: subject and SANs carry <see cref="ProtocolInfo.BrainCertificateName"/>
    /// plus <paramref name="hostNames"/> (each an IP address or a DNS name), server-auth usage.
    /// </summary>
    public static CertificateRequest ServerRequest(PublicKey publicKey, IEnumerable<string> hostNames)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(hostNames);
        var request = new CertificateRequest(Subject(ProtocolInfo.BrainCertificateName), publicKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(ProtocolInfo.BrainCertificateName);
        foreach (var name in hostNames.Where(n => !string.Equals(n, ProtocolInfo.BrainCertificateName, StringComparison.OrdinalIgnoreCase))
                     .Distinct(StringComparer.OrdinalIgnoreCase))
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
        AddLeafExtensions(request, ServerAuthOid);
        return request;
    }

    /// <summary>A client certificate request for <paramref name="commonName"/> (a node's name), client-auth usage.</summary>
    public static CertificateRequest ClientRequest(string commonName, PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        var request = new CertificateRequest(Subject(commonName), publicKey, HashAlgorithmName.SHA256);
        AddLeafExtensions(request, ClientAuthOid);
        return request;
    }

    /// <summary>
    /// Signs <paramref name="request"/> with the CA: a random 127-bit serial, the CA's key identifier, valid from now
    /// until <paramref name="notAfter"/> or the CA's own end, whichever is sooner.
    /// </summary>
    public static X509Certificate2 Issue(CertificateRequest request, X509Certificate2 authority, AsymmetricAlgorithm authorityKey, DateTimeOffset now, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(authority);
        var generator = authorityKey switch
        {
            ECDsa ecdsa => X509SignatureGenerator.CreateForECDsa(ecdsa),
            RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException($"CA keys must be ECDSA or RSA, not {authorityKey?.GetType().Name ?? "null"}.", nameof(authorityKey)),
        };
        if (authority.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault() is { } ski)
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var caEnd = new DateTimeOffset(authority.NotAfter.ToUniversalTime());
        return request.Create(authority.SubjectName, generator, now - Backdate, notAfter < caEnd ? notAfter : caEnd, serial);
    }

    /// <summary>
    /// True when <paramref name="certificate"/> chains to <paramref name="authority"/> (trusted as the only root), is
    /// valid now and allows <paramref name="usageOid"/>.
    /// </summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 authority, string usageOid) =>
        CheckChain(certificate, authority, usageOid) is null;

    /// <summary>Why <paramref name="certificate"/> does not chain to <paramref name="authority"/> for <paramref name="usageOid"/>; null when it does.</summary>
    public static string? CheckChain(X509Certificate2 certificate, X509Certificate2 authority, string usageOid)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(authority);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usageOid));
        if (chain.Build(certificate) && chain.ChainElements[^1].Certificate.RawData.AsSpan().SequenceEqual(authority.RawData))
        {
            return null;
        }

        var statuses = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct().ToList();
        return statuses.Count > 0 ? string.Join("; ", statuses) : "it was not issued by this CA";
    }

    private static void AddLeafExtensions(CertificateRequest request, string usageOid)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
    }
}
