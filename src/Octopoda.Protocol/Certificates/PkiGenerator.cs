using System.Security.Cryptography.X509Certificates;

namespace Octopoda.Protocol.Certificates;

/// <summary>
/// What <c>octl cert ca | server | client</c> make (the original's CertGen script, with the BCL): a CA, the Brain's
/// server certificate and client certificates, as PEM files in a directory (<see cref="PkiFiles"/>). Nothing is
/// written over an existing file unless asked; the directory is created with mode 0700 when it is new.
/// </summary>
public static class PkiGenerator
{
    /// <summary>Makes a CA: <c>ca.crt</c> and <c>ca.key</c> in <paramref name="outDirectory"/>. Returns the files written.</summary>
    public static IReadOnlyList<string> CreateAuthority(string outDirectory, string commonName, TimeSpan lifetime, DateTimeOffset now, bool overwrite)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var files = Targets(outDirectory, PkiFiles.CaCertificate, PkiFiles.CaKey);
        RefuseExisting(files, overwrite);
        using var key = CertificateIssuer.NewKey();
        using var certificate = CertificateIssuer.CreateAuthority(CertificateIssuer.Subject(commonName), key, now, now + lifetime);
        CreateDirectory(outDirectory);
        CertificateFiles.WritePrivateKey(files[1], key, overwrite);
        CertificateFiles.WriteCertificate(files[0], certificate, overwrite);
        return files;
    }

    /// <summary>
    /// Makes the Brain's server certificate signed by the CA in <paramref name="caDirectory"/>: <c>server.crt</c>,
    /// <c>server.key</c> and a copy of <c>ca.crt</c> in <paramref name="outDirectory"/>. The SANs are
    /// <see cref="ProtocolInfo.BrainCertificateName"/> and <paramref name="hostNames"/>.
    /// </summary>
    public static IReadOnlyList<string> CreateServer(
        string caDirectory, string outDirectory, IReadOnlyCollection<string> hostNames, TimeSpan lifetime, DateTimeOffset now, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(hostNames);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        using var authority = IssuingAuthority.LoadDirectory(caDirectory, now);
        using var key = CertificateIssuer.NewKey();
        var request = CertificateIssuer.ServerRequest(new PublicKey(key), hostNames);
        return WriteLeaf(authority, caDirectory, outDirectory, PkiFiles.ServerCertificate, PkiFiles.ServerKey, key, request, lifetime, now, overwrite);
    }

    /// <summary>
    /// Makes a client certificate for <paramref name="name"/> signed by the CA in <paramref name="caDirectory"/>:
    /// <c>client.crt</c>, <c>client.key</c> and a copy of <c>ca.crt</c> in <paramref name="outDirectory"/>.
    /// </summary>
    public static IReadOnlyList<string> CreateClient(
        string caDirectory, string outDirectory, string name, TimeSpan lifetime, DateTimeOffset now, bool overwrite)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        using var authority = IssuingAuthority.LoadDirectory(caDirectory, now);
        using var key = CertificateIssuer.NewKey();
        var request = CertificateIssuer.ClientRequest(name, new PublicKey(key));
        return WriteLeaf(authority, caDirectory, outDirectory, PkiFiles.ClientCertificate, PkiFiles.ClientKey, key, request, lifetime, now, overwrite);
    }

    /// <summary>The files <paramref name="names"/> would be in <paramref name="directory"/>.</summary>
    public static string[] Targets(string directory, params string[] names)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(names);
        return [.. names.Select(n => Path.Combine(directory, n))];
    }

    private static string[] WriteLeaf(
        IssuingAuthority authority,
        string caDirectory,
        string outDirectory,
        string certificateName,
        string keyName,
        System.Security.Cryptography.ECDsa key,
        CertificateRequest request,
        TimeSpan lifetime,
        DateTimeOffset now,
        bool overwrite)
    {
        var files = Targets(outDirectory, certificateName, keyName);
        var caCopy = Path.Combine(outDirectory, PkiFiles.CaCertificate);
        // The CA certificate goes beside the new one (as CertGen did), unless it is already there.
        var copyCa = !SameFile(Path.Combine(caDirectory, PkiFiles.CaCertificate), caCopy) && !HoldsCertificate(caCopy, authority.Certificate);
        RefuseExisting(copyCa ? [.. files, caCopy] : files, overwrite);
        using var certificate = authority.Issue(request, now, now + lifetime);
        CreateDirectory(outDirectory);
        CertificateFiles.WritePrivateKey(files[1], key, overwrite);
        CertificateFiles.WriteCertificate(files[0], certificate, overwrite);
        if (copyCa)
        {
            CertificateFiles.WriteCertificate(caCopy, authority.Certificate, overwrite);
            return [.. files, caCopy];
        }

        return files;
    }

    private static void RefuseExisting(IEnumerable<string> files, bool overwrite)
    {
        var existing = overwrite ? [] : files.Where(File.Exists).ToList();
        if (existing.Count > 0)
        {
            throw new CertificateMaterialException(
                $"{string.Join(", ", existing)} already {(existing.Count == 1 ? "exists" : "exist")}; nothing was written (replace with --force)");
        }
    }

    private static void CreateDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static bool SameFile(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static bool HoldsCertificate(string path, X509Certificate2 certificate)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var existing = X509CertificateLoader.LoadCertificateFromFile(path);
            return existing.RawData.AsSpan().SequenceEqual(certificate.RawData);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
