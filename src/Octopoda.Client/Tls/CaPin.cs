using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Octopoda.Client.Tls;

/// <summary>The Brain's CA as configured: a certificate, or only the SHA-256 fingerprint of one.</summary>
internal sealed class CaPin
{
    private CaPin(X509Certificate2? certificate, byte[]? fingerprint)
    {
        Certificate = certificate;
        Fingerprint = fingerprint;
    }

    /// <summary>The CA certificate, when a file or PEM text was given.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The SHA-256 of the CA's DER bytes, when only a fingerprint was given.</summary>
    public byte[]? Fingerprint { get; }

    /// <summary>The pin from <paramref name="options"/>, or null when no CA is configured.</summary>
    public static CaPin? FromOptions(OctopodaClientOptions options)
    {
        if (options.CaCertificateFile is not null && options.CaCertificatePem is not null)
        {
            throw new ArgumentException(
                "Set only one of CaCertificateFile and CaCertificatePem.", nameof(options));
        }

        var fingerprint = options.CaFingerprint is null ? null : ParseFingerprint(options.CaFingerprint);
        X509Certificate2? certificate = null;
        if (options.CaCertificatePem is not null)
        {
            certificate = LoadPem(options.CaCertificatePem, "the CA certificate PEM");
        }
        else if (options.CaCertificateFile is not null)
        {
            certificate = LoadFile(options.CaCertificateFile);
        }

        if (certificate is null)
        {
            return fingerprint is null ? null : new CaPin(null, fingerprint);
        }

        if (fingerprint is not null && !SHA256.HashData(certificate.RawData).AsSpan().SequenceEqual(fingerprint))
        {
            throw new OctopodaException(
                $"the configured CA certificate ({certificate.Subject}) does not have the configured fingerprint " +
                $"{Convert.ToHexStringLower(fingerprint)}; fix one of them",
                isTransient: false);
        }

        return new CaPin(certificate, null);
    }

    /// <summary>Lower-case hex of a certificate's SHA-256 fingerprint.</summary>
    public static string FingerprintOf(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    private static byte[] ParseFingerprint(string text)
    {
        var hex = text.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Trim();
        if (hex.Length != SHA256.HashSizeInBytes * 2 || !hex.All(Uri.IsHexDigit))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"CaFingerprint must be a SHA-256 fingerprint: {SHA256.HashSizeInBytes * 2} hex digits, got '{text}'."),
                nameof(text));
        }

        return Convert.FromHexString(hex);
    }

    private static X509Certificate2 LoadFile(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? LoadPem(text, path)
                : X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new OctopodaException($"cannot read the CA certificate {path}: {ex.Message}", isTransient: false, ex);
        }
    }

    private static X509Certificate2 LoadPem(string pem, string source)
    {
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new OctopodaException($"cannot read the CA certificate in {source}: {ex.Message}", isTransient: false, ex);
        }
    }
}
