using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Access;

/// <summary><c>octl token list</c>: tokens, newest first, never their values.</summary>
internal sealed class TokenListCommand : Command
{
    public TokenListCommand(OctlContext context)
        : base("list", "List tokens, newest first: id, name, account, when issued, when they expire, and whether they still work")
    {
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, cancellationToken)));
    }

    private static async Task<int> ExecuteAsync(OctlSession session, CancellationToken cancellationToken)
    {
        var list = await session.Client.ListTokensAsync(cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, list, ProtocolJsonContext.Default.TokenListResponse);
                break;
            case OutputFormat.Lines:
                foreach (var token in list.Tokens)
                {
                    session.OutWriter.WriteLine(token.Id);
                }

                break;
            default:
                TokenListView.Render(session.OutConsole, list, session.Now);
                break;
        }

        return ExitCodes.Success;
    }
}
