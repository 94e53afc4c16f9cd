using Octopoda.Cli.Commands;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// What <c>octl scen apply</c> will do, decided and checked before anything is sent: the target, the message, and
/// every script it runs, read whole (a file over <see cref="ScriptFile.MaxBytes"/> is refused).
/// </summary>
internal sealed record ApplyPlan(Deployment Deployment, string Target, string Message, IReadOnlyList<ScriptRun> Scripts, int? TimeoutSeconds)
{
    /// <summary>The target when none is given: <c>prepare</c> (sources, then the prepare scripts), then <c>start</c>.</summary>
    public const string Default = "default";

    public const string Prepare = "prepare";
    public const string Commit = "commit";
    public const string Purge = "purge";
    public const string Start = "start";

    /// <summary>
    /// Checks the target and message against <paramref name="deployment"/> and reads the scripts; throws
    /// <see cref="OctlUsageException"/>, after handing each script that cannot be sent to <paramref name="problem"/>.
    /// </summary>
    public static ApplyPlan Create(Deployment deployment, string? target, string? message, int? timeoutSeconds, Action<string> problem)
    {
        var name = string.IsNullOrWhiteSpace(target) ? Default : target.Trim();
        var known = deployment.Applications.SelectMany(a => a.Scripts).Select(s => s.Target).Distinct(StringComparer.Ordinal).ToList();
        if (name == Commit && string.IsNullOrWhiteSpace(message))
        {
            throw new OctlUsageException("'commit' records a version of every NodeApp and needs a message: add -m \"why\"; nothing was sent");
        }

        if (message is not null && VersionHashes.CheckMessage(message) is { } refused)
        {
            throw new OctlUsageException(refused + "; nothing was sent");
        }

        if (name is not (Default or Prepare or Commit or Purge) && !known.Contains(name, StringComparer.Ordinal))
        {
            throw new OctlUsageException(
                $"the scenario {deployment.Name} has no target '{name}': use one of {string.Join(", ", known.Append(Commit))} (none: prepare then start); nothing was sent");
        }

        IReadOnlyList<string> scripted = name switch
        {
            Default => [Prepare, Start],
            Commit => [],
            _ => [name],
        };
        var scripts = Read(deployment, scripted, problem);
        return new ApplyPlan(deployment, name, string.IsNullOrWhiteSpace(message) ? Prepare : message, scripts, timeoutSeconds);
    }

    /// <summary>The scripts of <paramref name="target"/>, in groups by ascending order.</summary>
    public IEnumerable<IGrouping<int, ScriptRun>> Groups(string target) =>
        Scripts.Where(s => s.Target == target).GroupBy(s => s.Order).OrderBy(g => g.Key);

    private static List<ScriptRun> Read(Deployment deployment, IReadOnlyList<string> targets, Action<string> problem)
    {
        var scripts = new List<ScriptRun>();
        var problems = 0;
        foreach (var target in targets)
        {
            foreach (var app in deployment.Applications)
            {
                // The reader allows one script per target, so the first is the only one.
                if (app.Scripts.FirstOrDefault(s => s.Target == target) is not { } script)
                {
                    continue;
                }

                try
                {
                    var info = new FileInfo(script.File);
                    if (info.Length > ScriptFile.MaxBytes)
                    {
                        problems++;
                        problem($"the '{target}' script of application '{app.Name}', {script.File}, is {info.Length} bytes; the limit is {ScriptFile.MaxBytes} (1 MiB): ship large files as sources");
                        continue;
                    }

                    var text = File.ReadAllText(script.File);
                    scripts.Add(new ScriptRun(app.Name, target, script.Order, Path.GetRelativePath(app.ScriptDirectory, script.File), text));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    problems++;
                    problem($"cannot read the '{target}' script of application '{app.Name}', {script.File}: {ex.Message}");
                }
            }
        }

        return problems == 0
            ? scripts
            : throw new OctlUsageException($"{problems} script(s) of {deployment.Name} cannot be sent; nothing was sent");
    }
}
