using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Octopoda.Client.Tls;

namespace Octopoda.Client.Http;

/// <summary>
/// Turns transport failures into <see cref="OctopodaException"/>s whose messages name the Brain's address and the
/// cause in words, and say whether retrying may help.
/// </summary>
internal sealed class FailureTranslator(Uri address, BrainCertificateValidator? validator)
{
    private readonly string _address = address.GetLeftPart(UriPartial.Authority);

    /// <summary>A request, or connecting for it, ran out of its time budget.</summary>
    public OctopodaException Timeout(TimeSpan budget, OperationCanceledException exception) =>
        exception.InnerException is TimeoutException
            ? new($"cannot reach the Brain at {_address}: connecting timed out after {Format(budget)}", isTransient: true, exception)
            : new($"the Brain at {_address} did not answer within {Format(budget)}", isTransient: true, exception);

    /// <summary>A transport failure: <see cref="HttpRequestException"/> or <see cref="IOException"/>.</summary>
    public OctopodaException Transport(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } http => Tls(http),
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } http =>
            new($"cannot reach the Brain at {_address}: cannot resolve the host name '{address.Host}'", isTransient: true, http),
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } http =>
            new($"cannot reach the Brain at {_address}: {ConnectionCause(http)}", isTransient: true, http),
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse } http =>
            new($"the connection to the Brain at {_address} broke: {http.Message}", isTransient: true, http),
        HttpRequestException http =>
            new($"cannot reach the Brain at {_address}: {http.Message}", isTransient: true, http),
        _ => new($"the connection to the Brain at {_address} broke: {exception.Message}", isTransient: true, exception),
    };

    /// <summary>A successful answer whose body this client cannot read.</summary>
    public OctopodaException Unreadable(Exception exception) =>
        new($"the Brain at {_address} sent an answer this client cannot read ({exception.Message}); " +
            "are the client and the Brain the same version?", isTransient: false, exception);

    /// <summary>The CA the Brain serves is not the one pinned by fingerprint.</summary>
    public OctopodaException WrongCa(string actual, string expected) =>
        new($"the Brain at {_address}: its CA certificate has the SHA-256 fingerprint {actual}, not the configured {expected}; " +
            "is this the right Brain?", isTransient: false);

    private OctopodaException Tls(HttpRequestException exception)
    {
        if (validator?.LastFailure is { } refusal)
        {
            return new($"the Brain at {_address}: {refusal}", isTransient: false, exception);
        }

        var inner = Innermost(exception);
        if (validator is null && inner is AuthenticationException)
        {
            return new(
                $"the Brain at {_address}: its certificate is not trusted by this machine ({inner.Message}); " +
                "pin the Brain's CA (its certificate file or SHA-256 fingerprint)",
                isTransient: false, exception);
        }

        // Anything else (the peer reset the handshake, it speaks plain HTTP) may be a restart in progress.
        return new($"cannot reach the Brain at {_address}: the TLS handshake failed ({inner.Message})", isTransient: true, exception);
    }

    private static string ConnectionCause(HttpRequestException exception)
    {
        var socket = exception.InnerException as SocketException ?? Innermost(exception) as SocketException;
        return socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.TimedOut => "the connection timed out",
            SocketError.HostUnreachable or SocketError.HostDown => "no route to host",
            SocketError.NetworkUnreachable or SocketError.NetworkDown => "the network is unreachable",
            SocketError.ConnectionReset => "the connection was reset",
            SocketError.AddressNotAvailable => "the address is not available",
            _ => Innermost(exception).Message,
        };
    }

    private static Exception Innermost(Exception exception)
    {
        var current = exception;
        while (current.InnerException is not null)
        {
            current = current.InnerException;
        }

        return current;
    }

    private static string Format(TimeSpan span) =>
        span.TotalSeconds >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s")
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0} ms");
}
