using System.Globalization;
using Octopoda.Protocol.Enrollment;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// Reads and validates a scenario folder's <c>deployment.yaml</c> before anything is sent: the schema of the original
/// (name, description, applications with name, description, scriptpath, sourcepath, nodes and script entries of
/// target, file and order), every script file present, every path inside the folder, the four mandatory targets,
/// no duplicates. Every problem found is reported, each with the file, the line and what to do; nothing is read
/// past a size bound. Node names are checked for form here and resolved by the Brain.
/// </summary>
internal static class DeploymentReader
{
    public const string FileName = "deployment.yaml";

    /// <summary>Targets every application must have a script for.</summary>
    public static readonly IReadOnlyList<string> MandatoryTargets = ["prepare", "start", "stop", "purge"];

    private const int MaxFileBytes = 1024 * 1024;
    private const int MaxApplications = 256;
    private const int MaxScripts = 64;
    private const int MaxNodes = 10_000;
    private const int MaxTextChars = 1024;

    private static readonly string[] TopKeys = ["name", "description", "applications"];
    private static readonly string[] AppKeys = ["name", "description", "scriptpath", "sourcepath", "nodes", "script"];
    private static readonly string[] ScriptKeys = ["target", "file", "order"];

    /// <summary>The deployment, or null with every problem found (never both null and empty).</summary>
    public static (Deployment? Deployment, IReadOnlyList<DeploymentProblem> Problems) Read(string scenarioDirectory)
    {
        var folder = Path.GetFullPath(scenarioDirectory);
        var file = Path.Combine(folder, FileName);
        var context = new Context(folder, file);
        if (!Directory.Exists(folder))
        {
            return context.Fail($"the scenario folder {folder} does not exist: give the folder that holds {FileName}");
        }

        var info = new FileInfo(file);
        if (!info.Exists)
        {
            return context.Fail($"there is no {FileName} in {folder}: write one, or start from `octl scen create <name>`");
        }

        if (info.Length > MaxFileBytes)
        {
            return context.Fail($"{FileName} is {info.Length} bytes; at most {MaxFileBytes} are read");
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(file);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            return context.Fail(ex.Start.Line, $"this is not valid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return context.Fail(1, "the file must hold one mapping with 'name', 'description' and 'applications'");
        }

        var deployment = ReadDeployment(context, root);
        return context.Problems.Count == 0 ? (deployment, []) : (null, context.Problems);
    }

    private static Deployment ReadDeployment(Context context, YamlMappingNode root)
    {
        var fields = context.Fields(root, "the scenario", TopKeys);
        var name = context.Name(fields, root, "name", "the scenario");
        var description = context.Text(fields, root, "description", "the scenario");
        var apps = new List<DeploymentApp>();
        if (!fields.TryGetValue("applications", out var list))
        {
            context.Add(root, "the scenario needs 'applications': a list of at least one application");
        }
        else if (list is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            context.Add(list, "'applications' must be a list of at least one application");
        }
        else if (sequence.Children.Count > MaxApplications)
        {
            context.Add(list, $"{sequence.Children.Count} applications; a scenario has at most {MaxApplications}");
        }
        else
        {
            foreach (var node in sequence.Children)
            {
                if (node is YamlMappingNode app)
                {
                    apps.Add(ReadApp(context, app));
                }
                else
                {
                    context.Add(node, "each application must be a mapping with 'name', 'description', 'scriptpath', 'nodes' and 'script'");
                }
            }

            foreach (var duplicate in apps.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Key.Length > 0 && g.Count() > 1))
            {
                context.Add(sequence, $"application '{duplicate.Key}' is defined {duplicate.Count()} times: give each a name of its own");
            }
        }

        return new Deployment(name, description, apps);
    }

    private static DeploymentApp ReadApp(Context context, YamlMappingNode app)
    {
        var fields = context.Fields(app, "an application", AppKeys);
        var name = context.Name(fields, app, "name", "an application");
        var where = name.Length > 0 ? $"application '{name}'" : "an application";
        var description = context.Text(fields, app, "description", where);
        var scripts = context.Directory(fields, app, "scriptpath", where, required: true);
        var sources = context.Directory(fields, app, "sourcepath", where, required: false);
        var nodes = ReadNodes(context, fields, app, where);
        var entries = new List<DeploymentScript>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        if (!fields.TryGetValue("script", out var list))
        {
            context.Add(app, $"{where} needs 'script': a list of target, file and order, with at least {string.Join(", ", MandatoryTargets)}");
        }
        else if (list is not YamlSequenceNode sequence || sequence.Children.Count > MaxScripts)
        {
            context.Add(list, $"'script' of {where} must be a list of at most {MaxScripts} entries of target, file and order");
        }
        else
        {
            foreach (var node in sequence.Children)
            {
                if (node is not YamlMappingNode entry)
                {
                    context.Add(node, $"each 'script' entry of {where} must be a mapping of target, file and order");
                    continue;
                }

                var (target, script) = ReadScript(context, entry, where, scripts);
                if (target.Length > 0 && !named.Add(target))
                {
                    context.Add(entry, $"{where} has two scripts for target '{target}': keep one");
                    continue;
                }

                if (script is not null)
                {
                    entries.Add(script);
                }
            }

            foreach (var missing in MandatoryTargets.Where(t => !named.Contains(t)))
            {
                context.Add(list, $"{where} has no script for the mandatory target '{missing}': add an entry with target: {missing}");
            }
        }

        var nodesKey = app.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: "nodes" });
        return new DeploymentApp(name, description, scripts ?? "", sources, nodes, entries, (int)(nodesKey?.Start.Line ?? app.Start.Line));
    }

    private static List<string> ReadNodes(Context context, Dictionary<string, YamlNode> fields, YamlMappingNode app, string where)
    {
        var nodes = new List<string>();
        if (!fields.TryGetValue("nodes", out var list))
        {
            context.Add(app, $"{where} needs 'nodes': a list of node names, @groups or labels");
            return nodes;
        }

        if (list is not YamlSequenceNode sequence || sequence.Children.Count == 0 || sequence.Children.Count > MaxNodes)
        {
            context.Add(list, $"'nodes' of {where} must be a list of 1 to {MaxNodes} node names, @groups or labels");
            return nodes;
        }

        foreach (var node in sequence.Children)
        {
            var target = (node as YamlScalarNode)?.Value;
            var bare = target?.StartsWith('@') == true ? target[1..].Replace('/', '-') : target;
            if (string.IsNullOrEmpty(bare) || !NodeNames.IsValid(bare.Split('=')[0]))
            {
                context.Add(node, $"'{target}' in 'nodes' of {where} is not a node name, @group or label");
                continue;
            }

            nodes.Add(target!);
        }

        return nodes;
    }

    /// <summary>The entry's target ("" when it has none) and its script, when the entry is valid.</summary>
    private static (string Target, DeploymentScript? Script) ReadScript(Context context, YamlMappingNode entry, string where, string? scriptDirectory)
    {
        var fields = context.Fields(entry, $"a script of {where}", ScriptKeys);
        var target = context.Name(fields, entry, "target", $"a script of {where}");
        var fileName = context.Text(fields, entry, "file", $"the '{target}' script of {where}");
        var order = 0;
        if (fields.TryGetValue("order", out var orderNode)
            && (orderNode is not YamlScalarNode { Value: { } text } || !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out order)))
        {
            context.Add(orderNode, $"'order' of the '{target}' script of {where} must be a whole number (scripts run in ascending order; 0 when left out)");
        }

        if (target.Length == 0 || fileName.Length == 0 || scriptDirectory is null)
        {
            return (target, null);
        }

        var file = context.Inside(Path.Combine(scriptDirectory, fileName), entry);
        if (file is null)
        {
            return (target, null);
        }

        if (!File.Exists(file))
        {
            context.Add(fields["file"], $"the '{target}' script of {where}, {Path.GetRelativePath(context.Folder, file)}, does not exist: create it or fix 'file'");
            return (target, null);
        }

        return (target, new DeploymentScript(target, file, order));
    }

    /// <summary>The problems found so far, and how to read fields with the line of what is wrong.</summary>
    private sealed class Context(string folder, string file)
    {
        public string Folder { get; } = folder;

        public List<DeploymentProblem> Problems { get; } = [];

        public (Deployment?, IReadOnlyList<DeploymentProblem>) Fail(string message) => Fail(0, message);

        public (Deployment?, IReadOnlyList<DeploymentProblem>) Fail(long line, string message)
        {
            Problems.Add(new DeploymentProblem(file, (int)line, message));
            return (null, Problems);
        }

        public void Add(YamlNode node, string message) => Problems.Add(new DeploymentProblem(file, (int)node.Start.Line, message));

        /// <summary>The mapping's fields by key; an unknown key is a problem (with the key meant, when it is close).</summary>
        public Dictionary<string, YamlNode> Fields(YamlMappingNode map, string what, string[] known)
        {
            var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (key, value) in map.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (known.Contains(name, StringComparer.Ordinal))
                {
                    fields[name] = value;
                    continue;
                }

                var close = known.FirstOrDefault(k => Distance(k, name.ToLowerInvariant()) <= 2);
                Add(key, $"unknown key '{name}' in {what}{(close is null ? "" : $"; did you mean '{close}'?")} (known: {string.Join(", ", known)})");
            }

            return fields;
        }

        /// <summary>A required text field; "" (and a problem) when it is missing, empty, too long or not text.</summary>
        public string Text(Dictionary<string, YamlNode> fields, YamlMappingNode owner, string key, string where)
        {
            if (!fields.TryGetValue(key, out var node))
            {
                Add(owner, $"{where} needs '{key}'");
                return "";
            }

            if (node is not YamlScalarNode { Value: { Length: > 0 and <= MaxTextChars } text })
            {
                Add(node, $"'{key}' of {where} must be text of 1 to {MaxTextChars} characters");
                return "";
            }

            return text;
        }

        /// <summary>A required name (letters, digits, '.', '_', '-'; it becomes part of directory names on the nodes).</summary>
        public string Name(Dictionary<string, YamlNode> fields, YamlMappingNode owner, string key, string where)
        {
            var text = Text(fields, owner, key, where);
            if (text.Length > 0 && !NodeNames.IsValid(text))
            {
                Add(fields[key], $"'{text}' is not a valid {key} for {where}: {NodeNames.Rule}");
                return "";
            }

            return text;
        }

        /// <summary>A directory inside the scenario folder that exists; null (and a problem) otherwise, or when an optional one is left out.</summary>
        public string? Directory(Dictionary<string, YamlNode> fields, YamlMappingNode owner, string key, string where, bool required)
        {
            if (!fields.ContainsKey(key) && !required)
            {
                return null;
            }

            var text = Text(fields, owner, key, where);
            if (text.Length == 0)
            {
                return null;
            }

            var path = Inside(Path.Combine(Folder, text), fields[key]);
            if (path is not null && !System.IO.Directory.Exists(path))
            {
                Add(fields[key], $"'{key}' of {where}, {text}, is not a directory in the scenario folder: create it or fix the path");
                return null;
            }

            return path;
        }

        /// <summary>The full path when it lies inside the scenario folder (also after following links); null and a problem otherwise.</summary>
        public string? Inside(string path, YamlNode node)
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
            var resolved = Resolve(full);
            if (Within(full) && Within(resolved))
            {
                return full;
            }

            Add(node, $"{path} lies outside the scenario folder {Folder}: a scenario only uses files inside its folder");
            return null;
        }

        private bool Within(string path) => path.StartsWith(Folder.TrimEnd('/') + "/", StringComparison.Ordinal) || path == Folder;

        /// <summary>The path with every link on the way followed (as far as it exists).</summary>
        private static string Resolve(string path)
        {
            var result = "/";
            foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var next = Path.Combine(result, part);
                var info = new FileInfo(next);
                result = info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : next;
            }

            return result;
        }

        private static int Distance(string a, string b)
        {
            var previous = Enumerable.Range(0, b.Length + 1).ToArray();
            for (var i = 1; i <= a.Length; i++)
            {
                var current = new int[b.Length + 1];
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                }

                previous = current;
            }

            return previous[b.Length];
        }
    }
}
