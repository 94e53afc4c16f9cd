using Octopoda.Client;
using Spectre.Console;

namespace Octopoda.Cli;

/// <summary>Turns the failures a command can meet into an <c>error: …</c> on stderr and an exit code.</summary>
internal static class FailureReporter
{
    /// <summary>Reports <paramref name="exception"/> if it is an expected failure; false for a bug, which propagates.</summary>
    public static bool TryReport(Exception exception, CancellationToken cancellationToken, IAnsiConsole error, out int exitCode)
    {
        switch (exception)
        {
            case OctlUsageException usage:
                Write(error, usage.Message);
                exitCode = ExitCodes.Usage;
                return true;
            case OctlSessionExpiredException expired:
                Write(error, expired.Message);
                exitCode = ExitCodes.Unauthorized;
                return true;
            case OctopodaApiException { StatusCode: 401 or 403 } denied:
                // The Brain's own detail already says what to do; add the hint only when it sent none.
                Write(error, denied.Problem?.Detail is { } detail
                    ? $"the Brain refused the request ({denied.StatusCode}): {detail}"
                    : $"the Brain refused the request ({denied.StatusCode}); log in with 'octl login ACCOUNT', or check the token (--token, OCTOPODA_TOKEN or token: in octl.yaml)");
                exitCode = ExitCodes.Unauthorized;
                return true;
            case OctopodaApiException { Candidates.Count: > 0 } ambiguous:
                // An id prefix that matches several items is the caller's to fix, like any other bad argument.
                Write(error, ambiguous.Problem?.Detail ?? "the id prefix matches more than one item; give more characters of the id",
                    ambiguous.Candidates);
                exitCode = ExitCodes.Usage;
                return true;
            case OctopodaApiException api:
                Write(error, api.Problem?.Detail ?? api.Problem?.Title ?? api.Message, Details(api));
                exitCode = ExitCodes.ApiError;
                return true;
            case OctopodaException unreachable:
                Write(error, unreachable.IsTransient
                    ? $"{unreachable.Message}; check that the Brain is running and the address is right (--brain, OCTOPODA_BRAIN or brain: in octl.yaml)"
                    : unreachable.Message);
                exitCode = ExitCodes.BrainUnreachable;
                return true;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                Write(error, "interrupted");
                exitCode = ExitCodes.Cancelled;
                return true;
            default:
                exitCode = 0;
                return false;
        }
    }

    /// <summary>Writes <c>error: message</c> in red, then one indented line per detail.</summary>
    public static void Write(IAnsiConsole error, string message, IEnumerable<string>? details = null)
    {
        error.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        foreach (var detail in details ?? [])
        {
            error.MarkupLine($"  {Markup.Escape(detail)}");
        }
    }

    private static IEnumerable<string> Details(OctopodaApiException exception) =>
        exception.Problem?.Errors?.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}")) ?? [];
}
