namespace Octopoda.Protocol.Certificates;

/// <summary>
/// File names of certificate material in a PKI directory, as <c>octl cert</c> writes it and the Brain's
/// <c>--pki-dir</c> reads it: PEM certificates (<c>.crt</c>) and unencrypted PKCS#8 PEM keys (<c>.key</c>, mode 0600).
/// </summary>
public static class PkiFiles
{
    /// <summary>The CA certificate.</summary>
    public const string CaCertificate = "ca.crt";

    /// <summary>The CA's private key.</summary>
    public const string CaKey = "ca.key";

    /// <summary>The Brain's server certificate.</summary>
    public const string ServerCertificate = "server.crt";

    /// <summary>The Brain's server key.</summary>
    public const string ServerKey = "server.key";

    /// <summary>A client certificate.</summary>
    public const string ClientCertificate = "client.crt";

    /// <summary>A client key.</summary>
    public const string ClientKey = "client.key";
}
