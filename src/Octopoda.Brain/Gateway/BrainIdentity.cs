using System.Reflection;

namespace Octopoda.Brain.Gateway;

/// <summary>Who this Brain is: its name, build version and start time.</summary>
internal sealed class BrainIdentity(string name, DateTimeOffset startedAt)
{
    public string Name { get; } = name;

    public string Version { get; } = typeof(BrainIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public DateTimeOffset StartedAt { get; } = startedAt;
}
