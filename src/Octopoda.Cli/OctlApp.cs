using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Octopoda.Cli.Access;
using Octopoda.Cli.Certificates;
using Octopoda.Cli.Commands;
using Octopoda.Cli.Files;
using Octopoda.Cli.Nodes;
using Octopoda.Cli.Output;
using Octopoda.Cli.Schedules;
using Octopoda.Cli.Tasks;
using Octopoda.Cli.Workgroups;
using Spectre.Console;

namespace Octopoda.Cli;

/// <summary>octl as a function from arguments to an exit code; <c>Program</c> and the tests both call it.</summary>
internal static class OctlApp
{
    /// <summary>Runs octl with the process's environment, writing to <paramref name="stdout"/> and <paramref name="stderr"/>.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, OctlEnvironment.ForProcess(stdout, stderr), cancellationToken);

    /// <summary>Runs octl in <paramref name="environment"/>; cancelling the token is Ctrl-C (exit 130).</summary>
    public static async Task<int> RunAsync(string[] args, OctlEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parse = Parse(new OctlContext(environment), args);
        var error = ConsoleFactory.Create(environment.Error, environment.ErrorIsTerminal, environment);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var problem in parse.Errors)
            {
                FailureReporter.Write(error, problem.Message);
            }

            error.WriteLine($"see '{CommandPath(parse)} --help'");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = environment.Out,
                    Error = environment.Error,
                    EnableDefaultExceptionHandler = false,
                    // Ctrl-C is the caller's: Program cancels the token, and tests must not have signal handlers installed.
                    ProcessTerminationTimeout = null,
                },
                cancellationToken);
        }
        catch (Exception ex) when (FailureReporter.TryReport(ex, cancellationToken, error, out var exitCode))
        {
            return exitCode;
        }
    }

    /// <summary>Parses <paramref name="args"/> against the command tree.</summary>
    internal static ParseResult Parse(OctlContext context, IReadOnlyList<string> args) =>
        BuildRootCommand(context).Parse(args, new ParserConfiguration
        {
            // '@group' is a target, not a response file.
            ResponseFileTokenReplacer = null,
        });

    /// <summary>The command tree.</summary>
    internal static RootCommand BuildRootCommand(OctlContext context)
    {
        var root = new RootCommand("octl: run commands on, and inspect, the nodes of an Octopoda cluster");
        context.Globals.AddTo(root);
        root.Subcommands.Add(new NodeCommand(context));
        root.Subcommands.Add(new CmdCommand(context));
        root.Subcommands.Add(new FileCommand(context));
        root.Subcommands.Add(new TaskCommand(context));
        root.Subcommands.Add(new ScheduleCommand(context));
        root.Subcommands.Add(new CertCommand(context));
        root.Subcommands.Add(new Scenarios.ScenCommand(context));
        root.Subcommands.Add(new NodeApps.NappCommand(context));
        root.Subcommands.Add(new LoginCommand(context));
        root.Subcommands.Add(new LogoutCommand(context));
        root.Subcommands.Add(new WhoAmICommand(context));
        root.Subcommands.Add(new TokenCommand(context));
        root.Subcommands.Add(new AuditCommand(context));
        root.Subcommands.Add(new WgCommand(context));
        return root;
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult command; result = command.Parent)
        {
            names.Add(command.Parent is null ? "octl" : command.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
