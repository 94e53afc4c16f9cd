using System.CommandLine;

namespace Octopoda.Cli.Access;

/// <summary><c>octl token</c>: the bearer tokens of your account and of the accounts under it.</summary>
internal sealed class TokenCommand : Command
{
    public TokenCommand(OctlContext context)
        : base("token", "List and revoke the tokens of your account and of the accounts under it")
    {
        Subcommands.Add(new TokenListCommand(context));
        Subcommands.Add(new TokenRevokeCommand(context));
    }
}
