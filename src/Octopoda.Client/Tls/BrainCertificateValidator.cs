using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Octopoda.Client.Tls;

/// <summary>
/// Checks the Brain's certificate against the pinned CA: the chain must build to that CA and be valid; only the host
/// name is not compared, since the CA is pinned and the Brain is reached under addresses its certificate cannot list.
/// </summary>
internal sealed class BrainCertificateValidator(CaPin pin)
{
    /// <summary>The TLS server-authentication purpose (id-kp-serverAuth).</summary>
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    // Why the last certificate was refused, for the exception's message. Concurrent handshakes are all with the same
    // Brain, so a race between them can only swap one true reason for another.
    private volatile string? _lastFailure;

    // The CA found by discovery when only a fingerprint is pinned (see CaDiscovery).
    private volatile X509Certificate2? _discovered;

    /// <summary>Why the most recent refusal happened, in words that follow "the Brain at X: ".</summary>
    public string? LastFailure => _lastFailure;

    /// <summary>Trusts a CA that discovery fetched and checked against the pinned fingerprint.</summary>
    public void TrustDiscovered(X509Certificate2 ca) => _discovered = ca;

    /// <summary>A <see cref="RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var failure = Check(certificate, chain, errors);
        if (failure is not null)
        {
            _lastFailure = failure;
        }

        return failure is null;
    }

    private string? Check(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "it presented no certificate";
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var presented = Presented(chain);
        var root = pin.Certificate ?? _discovered ?? FindByFingerprint(leaf, presented, pin.Fingerprint!);
        if (root is null)
        {
            return "its certificate chain does not contain the CA with the configured fingerprint " +
                   $"{Convert.ToHexStringLower(pin.Fingerprint!)} (is the CA pinned for another Brain?)";
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(root);
        custom.ChainPolicy.ExtraStore.AddRange(presented);
        // A private CA publishes no revocation lists; its certificates are short-lived instead.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (custom.Build(leaf))
        {
            return null;
        }

        return Describe(custom.ChainStatus, leaf);
    }

    private static X509Certificate2Collection Presented(X509Chain? chain)
    {
        var all = new X509Certificate2Collection();
        if (chain is null)
        {
            return all;
        }

        all.AddRange(chain.ChainPolicy.ExtraStore);
        foreach (var element in chain.ChainElements)
        {
            all.Add(element.Certificate);
        }

        return all;
    }

    private static X509Certificate2? FindByFingerprint(
        X509Certificate2 leaf, X509Certificate2Collection presented, byte[] fingerprint)
    {
        foreach (var candidate in presented.Prepend(leaf))
        {
            if (SHA256.HashData(candidate.RawData).AsSpan().SequenceEqual(fingerprint))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Describe(X509ChainStatus[] statuses, X509Certificate2 leaf)
    {
        var flags = statuses.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var details = string.Join("; ", statuses.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        var subject = $"subject {leaf.Subject}, issuer {leaf.Issuer}";
        if (flags.HasFlag(X509ChainStatusFlags.UntrustedRoot) || flags.HasFlag(X509ChainStatusFlags.PartialChain))
        {
            return $"its certificate is not signed by the configured CA ({subject})";
        }

        if (flags.HasFlag(X509ChainStatusFlags.NotTimeValid))
        {
            return $"its certificate is expired or not yet valid ({subject}, valid {leaf.NotBefore:u} to {leaf.NotAfter:u})";
        }

        if (flags.HasFlag(X509ChainStatusFlags.NotValidForUsage))
        {
            return $"its certificate is not valid for TLS server authentication ({subject})";
        }

        return $"its certificate is not valid ({subject}: {details})";
    }
}
