using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Octopoda.Protocol.Certificates;

/// <summary>
/// Reads and writes certificate material, checking what it reads: a failure is a
/// <see cref="CertificateMaterialException"/> naming the file and the fix. Keys are written with mode 0600 and
/// never exist with a wider mode, even for a moment.
/// </summary>
public static class CertificateFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Reads a PEM (or DER) certificate; <paramref name="what"/> names it in errors ("CA certificate").</summary>
    public static X509Certificate2 ReadCertificate(string path, string what, string fix)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new CertificateMaterialException($"{what} {path} does not exist; {fix}");
        }

        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new CertificateMaterialException($"{what} {path} cannot be read as a PEM certificate ({ex.Message}); {fix}", ex);
        }
    }

    /// <summary>Reads an unencrypted PEM private key, ECDSA or RSA (PKCS#8, SEC1 or PKCS#1).</summary>
    public static AsymmetricAlgorithm ReadPrivateKey(string path, string what, string fix)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new CertificateMaterialException($"{what} {path} does not exist; {fix}");
        }

        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CertificateMaterialException($"{what} {path} cannot be read ({ex.Message})", ex);
        }

        if (pem.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            throw new CertificateMaterialException(
                $"{what} {path} is encrypted; give it unencrypted (e.g. 'openssl pkey -in {path} -out key.pem') and protect the file with mode 0600 instead");
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            return ecdsa;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return rsa;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new CertificateMaterialException($"{what} {path} is not a PEM private key (ECDSA or RSA); {fix}", ex);
        }
    }

    /// <summary>
    /// The certificate with its private key attached; a key that is not the certificate's is refused, naming both
    /// files.
    /// </summary>
    public static X509Certificate2 Attach(X509Certificate2 certificate, string certificatePath, AsymmetricAlgorithm key, string keyPath, string what)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            return key switch
            {
                ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
                RSA rsa => certificate.CopyWithPrivateKey(rsa),
                _ => throw new ArgumentException("unsupported key type"),
            };
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException or InvalidOperationException)
        {
            throw new CertificateMaterialException(
                $"{what} key {keyPath} does not belong to {what} certificate {certificatePath}; give the key that was made with that certificate", ex);
        }
    }

    /// <summary>Refuses a certificate outside its validity period at <paramref name="now"/>.</summary>
    public static void CheckValidity(X509Certificate2 certificate, string path, string what, DateTimeOffset now, string renew)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        if (notAfter <= now)
        {
            throw new CertificateMaterialException($"{what} {path} expired on {Format(notAfter)}; {renew}");
        }

        if (notBefore > now)
        {
            throw new CertificateMaterialException($"{what} {path} is not valid before {Format(notBefore)}; check this machine's clock");
        }
    }

    /// <summary>Writes a private key as PKCS#8 PEM with mode 0600; an existing file is replaced only with <paramref name="overwrite"/>.</summary>
    public static void WritePrivateKey(string path, AsymmetricAlgorithm key, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(key);
        Write(path, key.ExportPkcs8PrivateKeyPem(), overwrite, secret: true);
    }

    /// <summary>Writes a certificate as PEM; an existing file is replaced only with <paramref name="overwrite"/>.</summary>
    public static void WriteCertificate(string path, X509Certificate2 certificate, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Write(path, certificate.ExportCertificatePem() + "\n", overwrite, secret: false);
    }

    private static void Write(string path, string content, bool overwrite, bool secret)
    {
        if (overwrite)
        {
            // Deleted first: writing over an existing file would keep its old (perhaps wider) mode.
            File.Delete(path);
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (secret && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(content);
        }
        catch (IOException ex) when (File.Exists(path) && !overwrite)
        {
            throw new CertificateMaterialException($"{path} already exists; it was not replaced", ex);
        }
    }

    private static string Format(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
