using System.Security.Cryptography;
using Octopoda.Tentacle.NodeApps;
using Octopoda.Tentacle.Tests.Status;
using Octopoda.Testing;

namespace Octopoda.Tentacle.Tests.NodeApps;

/// <summary>
/// A workspace and a data directory in a temp folder, a store over them on a manual clock, and the NodeApp
/// <c>web@prod</c> ensured. <see cref="Describe"/> lists a tree's content as the store sees it (kind, permission bits,
/// SHA-256 or link target), without times.
/// </summary>
internal sealed class NodeAppFixture : IDisposable
{
    public const string App = "web";
    public const string Scenario = "prod";

    /// <summary>An instant with sub-millisecond ticks and a non-zero offset: times must come back to the tick, in UTC.</summary>
    public static readonly DateTimeOffset Start = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(5.5)).AddTicks(1_234_567);

    private readonly TestDirectory _root = new("nodeapps");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public NodeAppFixture()
    {
        Workspace = _root.Sub("workspace");
        Data = _root.Sub("data");
        Clock = new ManualTimeProvider(Start, TimeZoneInfo.CreateCustomTimeZone("test+03", TimeSpan.FromHours(3), "test+03", "test+03"));
        Store = NewStore();
        Store.Ensure(App, Scenario, "the web site");
        Directory = Store.DirectoryOf(App, Scenario);
    }

    public string Workspace { get; }

    public string Data { get; }

    public ManualTimeProvider Clock { get; }

    public NodeAppStore Store { get; }

    /// <summary>The NodeApp's directory.</summary>
    public string Directory { get; }

    /// <summary>Where the store keeps the NodeApp's history and objects.</summary>
    public string Metadata => Path.Combine(Data, "nodeapps", $"{App}@{Scenario}");

    public CancellationToken Timeout => _timeout.Token;

    /// <summary>A second store over the same directories, as after a restart.</summary>
    public NodeAppStore NewStore() => new(Workspace, Data, Clock);

    /// <summary>Writes a file under the NodeApp directory (creating directories) with <paramref name="mode"/>.</summary>
    public string Write(string relative, string text, int mode = 0b110_100_100)
    {
        var path = Path.Combine(Directory, relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)mode);
        return path;
    }

    public string Read(string relative) => File.ReadAllText(Path.Combine(Directory, relative));

    /// <summary>Commits after moving the clock on by an odd amount, so each version has its own time.</summary>
    public Task<CommitOutcome> CommitAsync(string message = "commit")
    {
        Clock.Advance(TimeSpan.FromTicks(15_000_001));
        return Store.CommitAsync(App, Scenario, message, Timeout);
    }

    public Task<ResetOutcome> ResetAsync(string version, string message = "reset")
    {
        Clock.Advance(TimeSpan.FromTicks(15_000_001));
        return Store.ResetAsync(App, Scenario, version, message, Timeout);
    }

    /// <summary>The hashes of the NodeApp's history, oldest first.</summary>
    public IReadOnlyList<string> Hashes() => Store.Find(App, Scenario)!.Versions.Select(v => v.Hash).ToList();

    /// <summary>The paths a stored version holds ('/' after directories), read back from the object store.</summary>
    public IReadOnlyList<string> PathsOf(string hash)
    {
        var paths = new List<string>();
        Collect(new SnapshotLoader(new ObjectStore(Path.Combine(Metadata, "objects"))).Load(hash).Root, "");
        return paths;

        void Collect(SnapshotEntry directory, string prefix)
        {
            foreach (var (name, entry) in directory.Entries)
            {
                paths.Add(prefix + name + (entry.Kind == EntryKind.Directory ? "/" : ""));
                if (entry.Kind == EntryKind.Directory)
                {
                    Collect(entry, $"{prefix}{name}/");
                }
            }
        }
    }

    /// <summary>Every entry under <paramref name="root"/> (default: the NodeApp directory): kind, permission bits, content.</summary>
    public SortedDictionary<string, string> Describe(string? root = null)
    {
        root ??= Directory;
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in System.IO.Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var info = new FileInfo(path);
            var mode = Convert.ToString((int)File.GetUnixFileMode(path) & 0x1FF, 8);
            result[Path.GetRelativePath(root, path)] = info.LinkTarget is { } target
                ? $"link -> {target}"
                : System.IO.Directory.Exists(path)
                    ? $"dir {mode}"
                    : $"file {mode} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))}";
        }

        return result;
    }

    public void Dispose()
    {
        _timeout.Dispose();
        MakeWritable(_root.Path);
        _root.Dispose();
    }

    private static void MakeWritable(string directory)
    {
        foreach (var child in System.IO.Directory.EnumerateDirectories(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            if (new FileInfo(child).LinkTarget is null)
            {
                File.SetUnixFileMode(child, File.GetUnixFileMode(child) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }
}
