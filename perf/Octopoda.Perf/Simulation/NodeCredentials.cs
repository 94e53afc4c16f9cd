using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Octopoda.Perf.Simulation;

/// <summary>
/// One virtual node's key and certificate, cached in <c>&lt;dataDir&gt;/&lt;node&gt;/</c> (<c>node.key</c> mode 0600,
/// <c>node.crt</c>, and <c>ca.fingerprint</c> naming the Brain CA that issued it), so a rerun against the same
/// Brain does not enrol again.
/// </summary>
internal sealed class NodeCredentials : IDisposable
{
    private NodeCredentials(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The client certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Loads the node's cached identity if it was issued by the CA with <paramref name="caFingerprint"/>.</summary>
    public static NodeCredentials? TryLoad(string nodeDirectory, string caFingerprint)
    {
        string cert = Path.Combine(nodeDirectory, "node.crt"), key = Path.Combine(nodeDirectory, "node.key"), ca = Path.Combine(nodeDirectory, "ca.fingerprint");
        if (!File.Exists(cert) || !File.Exists(key) || !File.Exists(ca) || File.ReadAllText(ca).Trim() != caFingerprint)
        {
            return null;
        }

        try
        {
            return new NodeCredentials(X509Certificate2.CreateFromPemFile(cert, key));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Writes the identity (key first, fingerprint last, so a half-written one never loads) and returns it.</summary>
    public static NodeCredentials Save(string nodeDirectory, ECDsa key, string certificatePem, string caFingerprint)
    {
        Directory.CreateDirectory(nodeDirectory);
        var keyPath = Path.Combine(nodeDirectory, "node.key");
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

        File.WriteAllText(Path.Combine(nodeDirectory, "node.crt"), certificatePem);
        File.WriteAllText(Path.Combine(nodeDirectory, "ca.fingerprint"), caFingerprint + "\n");
        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        return new NodeCredentials(certificate.CopyWithPrivateKey(key));
    }

    public void Dispose() => Certificate.Dispose();
}
