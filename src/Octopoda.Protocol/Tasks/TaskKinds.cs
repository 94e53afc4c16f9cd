namespace Octopoda.Protocol.Tasks;

/// <summary>The kinds of task a Tentacle knows. Features add kinds here, never their own delivery path.</summary>
public static class TaskKinds
{
    /// <summary>A shell command line (<see cref="CommandPayload"/>).</summary>
    public const string Command = "command";

    /// <summary>A script file's content run by the shell (<see cref="CommandPayload"/>).</summary>
    public const string Script = "script";

    /// <summary>Stream lines appended to a file (<see cref="TailPayload"/>); runs until cancelled or timed out.</summary>
    public const string Tail = "tail";

    /// <summary>An HTTP GET from the node (<see cref="HttpGetPayload"/>); the body is the task's stdout.</summary>
    public const string HttpGet = "httpget";

    /// <summary>Receive a file or directory tree from the Brain and place it (<see cref="FilePushPayload"/>).</summary>
    public const string FilePush = "file.push";

    /// <summary>Write a file or directory tree into the node's outgoing spool for the Brain to fetch (<see cref="FilePullPayload"/>).</summary>
    public const string FilePull = "file.pull";

    /// <summary>List a directory on the node (<see cref="FileListPayload"/>); the listing is the task's stdout.</summary>
    public const string FileList = "file.list";

    /// <summary>Prepare a NodeApp: fetch its sources and lay them over its directory (<see cref="Scenarios.NodeAppPayload"/>); a commit records the version.</summary>
    public const string NodeAppPrepare = "napp.prepare";

    /// <summary>Run a target's script in a NodeApp's directory with the scenario environment (<see cref="Scenarios.NodeAppPayload"/>).</summary>
    public const string NodeAppRun = "napp.run";

    /// <summary>Record a NodeApp version if its content changed (<see cref="Scenarios.NodeAppPayload"/>).</summary>
    public const string NodeAppCommit = "napp.commit";

    /// <summary>Restore a NodeApp's directory to a version and append it to the history (<see cref="Scenarios.NodeAppPayload"/>).</summary>
    public const string NodeAppReset = "napp.reset";

    /// <summary>Remove a NodeApp: its directory and its history (<see cref="Scenarios.NodeAppPayload"/>).</summary>
    public const string NodeAppDelete = "napp.delete";

    /// <summary>True for the NodeApp kinds, whose results carry a <see cref="Scenarios.NodeAppReport"/>.</summary>
    public static bool IsNodeApp(string kind) => kind is NodeAppPrepare or NodeAppRun or NodeAppCommit or NodeAppReset or NodeAppDelete;

    /// <summary>True when <paramref name="kind"/> is one this build handles.</summary>
    public static bool IsKnown(string kind) => kind is Command or Script or Tail or HttpGet or FilePush or FilePull or FileList || IsNodeApp(kind);
}
