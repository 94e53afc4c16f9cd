namespace Octopoda.Cli;

/// <summary>octl's process exit codes; scripts rely on them, so they only ever gain members.</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done (every node succeeded).</summary>
    public const int Success = 0;

    /// <summary>At least one node's task failed, was cancelled or was lost (or had not finished when waiting ended).</summary>
    public const int TaskFailed = 1;

    /// <summary>Bad arguments or configuration (nothing was sent), or an id prefix that matches more than one item.</summary>
    public const int Usage = 2;

    /// <summary>Some nodes could not be reached (their tasks expired) and none failed.</summary>
    public const int NodesUnreachable = 3;

    /// <summary>The Brain could not be reached: connection, TLS or timeout.</summary>
    public const int BrainUnreachable = 4;

    /// <summary>The Brain refused the credentials (HTTP 401 or 403), or the login session expired (nothing was sent).</summary>
    public const int Unauthorized = 5;

    /// <summary>The Brain rejected the request (any other HTTP error, e.g. unknown targets or an unknown task id).</summary>
    public const int ApiError = 6;

    /// <summary>Interrupted by Ctrl-C (128 + SIGINT, the shell convention).</summary>
    public const int Cancelled = 130;
}
