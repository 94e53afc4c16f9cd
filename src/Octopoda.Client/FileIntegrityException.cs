namespace Octopoda.Client;

/// <summary>
/// A download's body is not what the Brain declared: shorter, longer, or with another SHA-256. Nothing of it may be
/// used; trying again may succeed, so it is transient.
/// </summary>
public sealed class FileIntegrityException : OctopodaException
{
    /// <summary>Creates an exception.</summary>
    public FileIntegrityException()
        : base("the download is not what the Brain declared", isTransient: true)
    {
    }

    /// <summary>Creates an exception saying how the body differs.</summary>
    public FileIntegrityException(string message)
        : base(message, isTransient: true)
    {
    }

    /// <summary>Creates an exception saying how the body differs.</summary>
    public FileIntegrityException(string message, Exception? innerException)
        : base(message, isTransient: true, innerException)
    {
    }
}
