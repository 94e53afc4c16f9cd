using Octopoda.Protocol.Scenarios;

namespace Octopoda.Cli.NodeApps;

/// <summary>What <c>octl napp get &lt;node&gt; &lt;app@scen&gt; -o json</c> prints: the NodeApp and its newest versions.</summary>
internal sealed record NodeAppDetail
{
    public required NodeAppView NodeApp { get; init; }

    /// <summary>Its newest versions (at most <see cref="NappGetCommand.RecentVersions"/>), newest first, and how many there are.</summary>
    public required NodeAppVersionListResponse Versions { get; init; }
}
