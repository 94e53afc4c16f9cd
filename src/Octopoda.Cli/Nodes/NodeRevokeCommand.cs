using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;
using Spectre.Console;

namespace Octopoda.Cli.Nodes;

/// <summary>
/// <c>octl node revoke NODE [--reason TEXT]</c>: the Brain refuses the node's certificate from now on and closes its
/// connection; it comes back only by enrolling again with a new join token.
/// </summary>
internal sealed class NodeRevokeCommand : Command
{
    private readonly Argument<string> _node = new("node") { Description = "The node's exact name" };

    private readonly Option<string?> _reason = new("--reason")
    {
        Description = "Why (kept with the revocation and quoted to the node when it is refused)",
        HelpName = "text",
    };

    public NodeRevokeCommand(OctlContext context)
        : base("revoke", "Revoke a node's certificate: it is disconnected and refused until it enrols again with a new join token")
    {
        Arguments.Add(_node);
        Options.Add(_reason);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var result = await session.Client.RevokeNodeAsync(parse.GetRequiredValue(_node), parse.GetValue(_reason), cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, result, ProtocolJsonContext.Default.RevokeNodeResponse);
                break;
            case OutputFormat.Lines:
                session.OutWriter.WriteLine($"{result.Node} {result.Thumbprint}");
                break;
            default:
                var console = session.OutConsole;
                var what = result.AlreadyRevoked ? "was already revoked" : "revoked";
                var connection = result.Disconnected ? "; its connection was closed" : "";
                console.MarkupLine(Markup.Escape($"{result.Node}: certificate {result.Thumbprint[..16]}… {what}{connection}"));
                console.MarkupLine(Markup.Escape("to bring it back, enrol it again with a new join token ('brain token create', then, on the node, remove <dataDir>/identity and restart the Tentacle with the token)"));
                break;
        }

        return ExitCodes.Success;
    }
}
