namespace Octopoda.Protocol.Tasks;

/// <summary>The payload of <see cref="TaskKinds.Command"/> and <see cref="TaskKinds.Script"/> tasks.</summary>
public sealed record CommandPayload
{
    /// <summary>The command line, run by <c>bash -c</c> (kind <c>command</c>).</summary>
    public string? Command { get; init; }

    /// <summary>The script's text (kind <c>script</c>).</summary>
    public string? Script { get; init; }

    /// <summary>The script's file name, for <c>OCTOPODA_FILENAME</c> and error messages.</summary>
    public string? ScriptName { get; init; }

    /// <summary>Start the command detached and report its process id instead of waiting for it.</summary>
    public bool Background { get; init; }

    /// <summary>Kill the whole process tree after this many seconds; null for no limit.</summary>
    public int? TimeoutSeconds { get; init; }
}
