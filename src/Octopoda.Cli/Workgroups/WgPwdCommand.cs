using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Workgroups;

/// <summary><c>octl wg pwd</c>: the current workgroup path (the Brain is asked only when it is not known here).</summary>
internal sealed class WgPwdCommand : Command
{
    public WgPwdCommand(OctlContext context)
        : base("pwd", "Print the current workgroup path")
    {
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, cancellationToken)));
    }

    private static async Task<int> ExecuteAsync(OctlSession session, CancellationToken cancellationToken)
    {
        var current = await WorkgroupPaths.CurrentAsync(session, cancellationToken);
        if (session.Format == OutputFormat.Json)
        {
            JsonOutput.Write(session.OutWriter, current.Value, ProtocolJsonContext.Default.String);
        }
        else
        {
            session.OutWriter.WriteLine(current.Value);
        }

        return ExitCodes.Success;
    }
}
