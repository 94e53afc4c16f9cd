using System.Security.Cryptography.X509Certificates;
using Octopoda.Protocol.Certificates;

namespace Octopoda.Brain.Certificates;

/// <summary>
/// Chooses the Brain's CA and server certificate: its own (made in <c>&lt;dataDir&gt;/pki</c> on first start) or the
/// given ones (<see cref="PkiOptions"/>), checked before the Brain listens. A problem with given material is a
/// <see cref="CertificateMaterialException"/> naming the file and the fix.
/// </summary>
internal static class BrainCertificates
{
    private const string ServerFix = "issue one with 'octl cert server --ca CA-DIR --out DIR --host NAME', or leave the server certificate out and the Brain issues its own from the CA";

    public static (CertificateAuthority Ca, X509Certificate2 ServerCertificate) Load(
        PkiOptions pki, string dataDirectory, string brainName, IReadOnlyCollection<string> hostNames, TimeProvider time)
    {
        var ownPki = Path.Combine(dataDirectory, "pki");
        var ca = pki.CaCertificateFile is { } caCertificate && pki.CaKeyFile is { } caKey
            ? CertificateAuthority.LoadGiven(caCertificate, caKey, time)
            : CertificateAuthority.LoadOrCreate(ownPki, brainName, time);
        try
        {
            var server = pki.ServerCertificateFile is { } serverCertificate && pki.ServerKeyFile is { } serverKey
                ? ca.LoadGivenServerCertificate(serverCertificate, serverKey, ServerFix, time)
                : ca.LoadOrIssueServerCertificate(ownPki, hostNames, time);
            return (ca, server);
        }
        catch
        {
            ca.Dispose();
            throw;
        }
    }
}
