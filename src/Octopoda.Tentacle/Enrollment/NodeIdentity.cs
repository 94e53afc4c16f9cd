using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Octopoda.Tentacle.Enrollment;

/// <summary>
/// The node's credentials in <c>&lt;dataDir&gt;/identity</c>: its private key, the certificate the Brain issued,
/// and the Brain's CA (pinned at enrolment). Present after the first successful enrolment; never re-enrols by itself.
/// </summary>
internal sealed class NodeIdentity : IDisposable
{
    private NodeIdentity(X509Certificate2 certificate, X509Certificate2 ca)
    {
        Certificate = certificate;
        CaCertificate = ca;
    }

    public X509Certificate2 Certificate { get; }

    public X509Certificate2 CaCertificate { get; }

    public static string DirectoryOf(string dataDirectory) => Path.Combine(dataDirectory, "identity");

    /// <summary>Loads the identity, or null when the node has not enrolled yet.</summary>
    public static NodeIdentity? TryLoad(string dataDirectory)
    {
        var dir = DirectoryOf(dataDirectory);
        string cert = Path.Combine(dir, "node.crt"), key = Path.Combine(dir, "node.key"), ca = Path.Combine(dir, "ca.crt");
        if (!File.Exists(cert) || !File.Exists(key) || !File.Exists(ca))
        {
            return null;
        }

        using var fromPem = X509Certificate2.CreateFromPemFile(cert, key);
        // A PKCS#12 round trip gives a key every TLS stack accepts for client authentication.
        var certificate = X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null);
        return new NodeIdentity(certificate, X509CertificateLoader.LoadCertificateFromFile(ca));
    }

    /// <summary>Writes a new identity (key mode 0600), replacing any old one.</summary>
    public static void Save(string dataDirectory, ECDsa key, string certificatePem, string caPem)
    {
        var dir = DirectoryOf(dataDirectory);
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var keyPath = Path.Combine(dir, "node.key");
        File.Delete(keyPath);
        using (var stream = new FileStream(keyPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }

        File.WriteAllText(Path.Combine(dir, "ca.crt"), caPem);
        File.WriteAllText(Path.Combine(dir, "node.crt"), certificatePem);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        CaCertificate.Dispose();
    }
}
