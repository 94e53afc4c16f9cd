using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Scenarios;

/// <summary><c>octl scen create &lt;name&gt; [with &lt;app&gt;...]</c>: writes a working scenario folder <c>./&lt;name&gt;</c>. Talks to no Brain.</summary>
internal sealed class ScenCreateCommand : Command
{
    private readonly Argument<string> _name = new("name") { Description = "The scenario's name; the folder ./<name> is written" };

    private readonly Argument<string[]> _apps = new("with app")
    {
        Description = "'with' and the applications' names (default: one called " + ScenarioTemplate.DefaultApp + ")",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public ScenCreateCommand(OctlContext context)
        : base("create", "Write a working scenario folder: deployment.yaml and, per application, src/ and scripts/")
    {
        Arguments.Add(_name);
        Arguments.Add(_apps);
        SetAction(parse =>
        {
            var environment = context.Environment;
            var name = parse.GetRequiredValue(_name);
            var rest = parse.GetValue(_apps) ?? [];
            if (rest.Length > 0 && (rest[0] != "with" || rest.Length == 1))
            {
                throw new OctlUsageException($"expected 'octl scen create {name} with <app> [<app>...]'");
            }

            IReadOnlyList<string> apps = rest.Length > 0 ? rest[1..] : [ScenarioTemplate.DefaultApp];
            if (ScenarioTemplate.Check(name, apps) is { } refused)
            {
                throw new OctlUsageException(refused + "; nothing was written");
            }

            var folder = Path.GetFullPath(name, environment.CurrentDirectory);
            if (File.Exists(folder) || (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any()))
            {
                throw new OctlUsageException($"{folder} already exists and is not empty: pick another name or move it away; nothing was written");
            }

            IReadOnlyList<string> files;
            try
            {
                files = ScenarioTemplate.Write(folder, name, apps);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new OctlUsageException($"cannot write the scenario folder {folder}: {ex.Message}");
            }

            switch (context.Globals.GetFormat(parse))
            {
                case OutputFormat.Json:
                    JsonOutput.Write(environment.Out, files, ProtocolJsonContext.Default.IReadOnlyListString);
                    break;
                case OutputFormat.Lines:
                    files.ToList().ForEach(environment.Out.WriteLine);
                    break;
                default:
                    environment.Out.WriteLine($"wrote the scenario {name} in {folder} ({apps.Count} application(s), {files.Count} files); edit deployment.yaml, then 'octl scen apply {name}'");
                    break;
            }

            environment.Out.Flush();
            return ExitCodes.Success;
        });
    }
}
