using Octopoda.Protocol.Certificates;

namespace Octopoda.Brain.Certificates;

/// <summary>
/// Given certificate material (<c>pki:</c> in <c>brain.yaml</c>, <c>--pki-dir</c> and the file flags). Unset, the
/// Brain makes its own CA in <c>&lt;dataDir&gt;/pki</c>. Set, it uses the given CA (certificate and key, so it can
/// still issue node certificates at enrolment) and, when given, the given server certificate; otherwise it issues
/// its server certificate from the given CA into <c>&lt;dataDir&gt;/pki</c>.
/// </summary>
internal sealed class PkiOptions
{
    /// <summary>A directory as <c>octl cert ca</c>/<c>server</c> write it: <c>ca.crt</c>, <c>ca.key</c>, optionally <c>server.crt</c> and <c>server.key</c>.</summary>
    public string? Directory { get; set; }

    /// <summary>The CA certificate (PEM); overrides the directory's.</summary>
    public string? CaCertificate { get; set; }

    /// <summary>The CA's private key (unencrypted PEM); overrides the directory's.</summary>
    public string? CaKey { get; set; }

    /// <summary>The Brain's server certificate (PEM), issued by the CA; overrides the directory's.</summary>
    public string? ServerCertificate { get; set; }

    /// <summary>The server certificate's private key; overrides the directory's.</summary>
    public string? ServerKey { get; set; }

    /// <summary>True when any material is given (the Brain does not use its own CA).</summary>
    public bool IsGiven => Directory is not null || CaCertificate is not null || CaKey is not null || ServerCertificate is not null || ServerKey is not null;

    /// <summary>The CA certificate file to use, or null for the Brain's own CA.</summary>
    public string? CaCertificateFile => Full(CaCertificate ?? InDirectory(PkiFiles.CaCertificate));

    /// <summary>The CA key file to use, or null for the Brain's own CA.</summary>
    public string? CaKeyFile => Full(CaKey ?? InDirectory(PkiFiles.CaKey));

    /// <summary>The server certificate file to use, or null to issue one from the CA.</summary>
    public string? ServerCertificateFile => Full(ServerCertificate ?? InDirectoryIfAny(PkiFiles.ServerCertificate));

    /// <summary>The server key file to use, or null to issue one from the CA.</summary>
    public string? ServerKeyFile => Full(ServerKey ?? InDirectoryIfAny(PkiFiles.ServerKey));

    /// <summary>Problems with the combination of settings (files themselves are checked when the Brain starts).</summary>
    public IEnumerable<string> Validate()
    {
        if (!IsGiven)
        {
            yield break;
        }

        if (CaCertificateFile is null || CaKeyFile is null)
        {
            yield return "pki: a given CA needs both its certificate and its key (pki.dir, or pki.caCertificate with pki.caKey): the Brain issues node certificates with it";
        }

        if ((ServerCertificateFile is null) != (ServerKeyFile is null))
        {
            yield return "pki: a given server certificate needs its key too (pki.serverCertificate with pki.serverKey, or both files in pki.dir)";
        }
    }

    private string? InDirectory(string name) => Directory is null ? null : Path.Combine(Directory, name);

    // A directory's server files are optional; the Brain issues its own server certificate when neither is there.
    private string? InDirectoryIfAny(string name) =>
        Directory is not null && (File.Exists(Path.Combine(Directory, PkiFiles.ServerCertificate)) || File.Exists(Path.Combine(Directory, PkiFiles.ServerKey)))
            ? Path.Combine(Directory, name)
            : null;

    private static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);
}
