using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Octopoda.Cli.Tests.Support;

/// <summary>A private CA and a server certificate it issued, made the way the Brain makes its own.</summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 ca, X509Certificate2 server)
    {
        Ca = ca;
        Server = server;
    }

    /// <summary>The CA, with its private key.</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The server certificate (for <see cref="ServerName"/>, not for 127.0.0.1), with its private key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The only name in the server certificate, so connecting by IP is a host-name mismatch.</summary>
    public const string ServerName = "octopoda-brain";

    public string CaPem => Ca.ExportCertificatePem();

    public string CaFingerprint => Convert.ToHexStringLower(SHA256.HashData(Ca.RawData));

    public static TestCertificates Create(string caName = "Octopoda Test CA")
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest($"CN={ServerName}", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(ServerName);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        using var issued = serverRequest.Create(ca, now.AddDays(-1), now.AddDays(30), serial);
        var server = issued.CopyWithPrivateKey(serverKey);
        return new TestCertificates(ca, server);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
    }
}
