namespace Octopoda.Protocol.Certificates;

/// <summary>
/// Certificate or key files that cannot be used: missing, unreadable, mismatched, expired or not issued by the CA.
/// The message names the file and what to do about it.
/// </summary>
public sealed class CertificateMaterialException : Exception
{
    /// <summary>Creates the exception with a message naming the file and the fix.</summary>
    public CertificateMaterialException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message naming the file and the fix, and the failure behind it.</summary>
    public CertificateMaterialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message (prefer the other constructors).</summary>
    public CertificateMaterialException()
    {
    }
}
