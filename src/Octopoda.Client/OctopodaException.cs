namespace Octopoda.Client;

/// <summary>
/// The root of every failure the SDK reports: the Brain could not be reached, its certificate was not trusted, it did
/// not answer in time, or it answered with an error (<see cref="OctopodaApiException"/>).
/// </summary>
public class OctopodaException : Exception
{
    /// <summary>Creates an exception that is not transient.</summary>
    public OctopodaException()
    {
    }

    /// <summary>Creates an exception that is not transient.</summary>
    public OctopodaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception that is not transient.</summary>
    public OctopodaException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What happened, naming the Brain's address.</param>
    /// <param name="isTransient">True when the same call may succeed if retried later.</param>
    /// <param name="innerException">The underlying failure.</param>
    public OctopodaException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>
    /// True when retrying later may succeed (connection refused, timed out, the Brain busy or restarting); false when
    /// it will not until something changes (an untrusted certificate, a rejected request).
    /// </summary>
    public bool IsTransient { get; }
}
