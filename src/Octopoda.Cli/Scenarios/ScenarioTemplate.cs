using System.Text;
using Octopoda.Protocol.Enrollment;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// Writes a working scenario folder, as the original's <c>scen create</c> did: <c>deployment.yaml</c> with every
/// application on <c>@all</c>, and per application <c>src/README</c> and <c>scripts/{prepare,start,stop,purge,date}.sh</c>,
/// each appending its own name to <c>$OCTOPODA_OUTPUT</c>. The folder it writes is one <see cref="DeploymentReader"/>
/// accepts as it is.
/// </summary>
internal static class ScenarioTemplate
{
    /// <summary>The application a template gets when none is named (the original crashed in that case).</summary>
    public const string DefaultApp = "YourApp";

    private static readonly string[] Targets = ["prepare", "start", "stop", "purge", "date"];
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;

    /// <summary>Why the name or apps cannot be used, or null.</summary>
    public static string? Check(string name, IReadOnlyList<string> apps)
    {
        foreach (var candidate in apps.Prepend(name))
        {
            if (!NodeNames.IsValid(candidate))
            {
                return $"'{candidate}' cannot name a scenario or an application: {NodeNames.Rule}";
            }
        }

        var duplicate = apps.GroupBy(a => a, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : $"application '{duplicate.Key}' is named twice";
    }

    /// <summary>Writes the template into <paramref name="folder"/> (which must not exist or be empty); returns the files written.</summary>
    public static IReadOnlyList<string> Write(string folder, string name, IReadOnlyList<string> apps)
    {
        var written = new List<string>();
        Directory.CreateDirectory(folder);
        var yaml = new StringBuilder()
            .Append("# The scenario's deployment: `octl scen apply ").Append(name).Append("` prepares and starts it.\n")
            .Append("name: ").Append(name).Append('\n')
            .Append("description: \"the ").Append(name).Append(" scenario\"\n")
            .Append("applications:\n");
        foreach (var app in apps)
        {
            yaml.Append("  - name: ").Append(app).Append('\n')
                .Append("    description: \"the ").Append(app).Append(" application\"\n")
                .Append("    # scripts are looked up here, sources synchronised from here to each node's NodeApp directory\n")
                .Append("    scriptpath: ").Append(app).Append("/scripts/\n")
                .Append("    sourcepath: ").Append(app).Append("/src/\n")
                .Append("    # node names, @groups or labels\n")
                .Append("    nodes:\n      - \"@all\"\n")
                .Append("    script:\n");
            foreach (var target in Targets)
            {
                yaml.Append("      - target: ").Append(target).Append("\n        file: ").Append(target).Append(".sh\n        order: 1\n");
                var script = Path.Combine(folder, app, "scripts", target + ".sh");
                Directory.CreateDirectory(Path.GetDirectoryName(script)!);
                File.WriteAllText(script, $"#!/bin/sh\n# Runs in the NodeApp directory; what it appends to $OCTOPODA_OUTPUT is its result.\necho \"{target}\" >> \"$OCTOPODA_OUTPUT\"\n");
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(script, Executable);
                }
                written.Add(script);
            }

            var readme = Path.Combine(folder, app, "src", "README");
            Directory.CreateDirectory(Path.GetDirectoryName(readme)!);
            File.WriteAllText(readme, $"The sources of {app}: everything here is synchronised to each of its nodes by 'prepare'.\n");
            written.Add(readme);
        }

        var deployment = Path.Combine(folder, DeploymentReader.FileName);
        File.WriteAllText(deployment, yaml.ToString());
        written.Insert(0, deployment);
        return written;
    }
}
