using System.Reflection;

namespace Octopoda.Tentacle;

/// <summary>This build's version.</summary>
internal static class TentacleVersion
{
    public static string Current { get; } =
        typeof(TentacleVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
