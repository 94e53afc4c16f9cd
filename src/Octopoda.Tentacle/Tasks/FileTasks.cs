using Octopoda.Tentacle.Files;

namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// The runners of the file task kinds (<c>file.push</c>, <c>file.pull</c>, <c>file.list</c>) and the outgoing
/// streams that <c>file.pull</c> writes and the link serves to the Brain.
/// </summary>
internal sealed class FileTasks
{
    public FileTasks(TentacleOptions options, TimeProvider time, ILogger<OutgoingStreams> logger)
    {
        Outgoing = new OutgoingStreams(options.DataDirectory, options.Name, time, logger);
        Push = new FilePushRunner(options, time);
        Pull = new FilePullRunner(options, Outgoing, time);
        List = new FileListRunner(options, time);
    }

    public OutgoingStreams Outgoing { get; }

    public FilePushRunner Push { get; }

    public FilePullRunner Pull { get; }

    public FileListRunner List { get; }
}
