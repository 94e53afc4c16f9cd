using Octopoda.Cli.Tests.Support;

namespace Octopoda.Cli.Tests.Scenarios;

/// <summary>
/// A scenario folder <c>shop</c> for the apply tests: <c>web</c> (sources, a symbolic link and a dot file; on n1 and
/// n2), <c>db</c> (no sourcepath; on @dbs, which resolves to n3) and <c>cache</c> (empty sources; on n3). Prepare
/// runs web and db at order 1, cache at 2; start runs db and cache at 1, web at 2; web has a custom target
/// <c>migrate</c> whose script lies in a sub-folder of its scriptpath.
/// </summary>
internal static class ScenarioFolder
{
    public const string Yaml = """
        name: shop
        description: "the shop"
        applications:
          - name: web
            description: "the web tier"
            scriptpath: web/scripts/
            sourcepath: web/src/
            nodes:
              - n1
              - n2
            script:
              - target: prepare
                file: prepare.sh
                order: 1
              - target: start
                file: start.sh
                order: 2
              - target: stop
                file: stop.sh
              - target: purge
                file: purge.sh
                order: 1
              - target: migrate
                file: sub/migrate.sh
          - name: db
            description: "the database"
            scriptpath: db/scripts
            nodes: ["@dbs"]
            script:
              - target: prepare
                file: prepare.sh
                order: 1
              - target: start
                file: start.sh
                order: 1
              - target: stop
                file: stop.sh
              - target: purge
                file: purge.sh
                order: 2
          - name: cache
            description: "the cache"
            scriptpath: cache/scripts
            sourcepath: cache/src
            nodes:
              - n3
            script:
              - target: prepare
                file: prepare.sh
                order: 2
              - target: start
                file: start.sh
                order: 1
              - target: stop
                file: stop.sh
              - target: purge
                file: purge.sh
                order: 1
        """;

    /// <summary>The line of each application's <c>nodes:</c> key in <see cref="Yaml"/>.</summary>
    public static readonly IReadOnlyDictionary<string, int> NodesLine = new Dictionary<string, int> { ["web"] = 8, ["db"] = 28, ["cache"] = 45 };

    /// <summary>Where the Brain resolves each application.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Nodes = new Dictionary<string, string[]>
    {
        ["web"] = ["n1", "n2"],
        ["db"] = ["n3"],
        ["cache"] = ["n3"],
    };

    /// <summary>Writes the folder under <paramref name="directory"/>; returns its path.</summary>
    public static string Write(TempDirectory directory, string yaml = Yaml)
    {
        var folder = Path.Combine(directory.Path, "shop");
        directory.Write("shop/deployment.yaml", yaml);
        foreach (var app in new[] { "web", "db", "cache" })
        {
            foreach (var target in new[] { "prepare", "start", "stop", "purge" })
            {
                directory.Write($"shop/{app}/scripts/{target}.sh", Script(target, app));
            }
        }

        directory.Write("shop/web/scripts/sub/migrate.sh", Script("migrate", "web"));
        directory.Write("shop/web/src/index.html", "<h1>shop</h1>\n");
        directory.Write("shop/web/src/.env", "PORT=80\n");
        directory.Write("shop/web/src/static/app.js", "console.log('shop');\n");
        File.CreateSymbolicLink(Path.Combine(folder, "web", "src", "current"), "static");
        Directory.CreateDirectory(Path.Combine(folder, "cache", "src"));
        return folder;
    }

    /// <summary>The text of an application's script for a target.</summary>
    public static string Script(string target, string app) => $"#!/bin/sh\necho \"{target} {app} on $OCTOPODA_NODENAME\" >> \"$OCTOPODA_OUTPUT\"\n";
}
