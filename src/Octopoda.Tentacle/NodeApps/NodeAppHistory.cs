using System.Globalization;
using System.Text.Json;

namespace Octopoda.Tentacle.NodeApps;

/// <summary>
/// The durable record of one NodeApp, kept outside its directory so that its scripts cannot damage it:
/// <c>&lt;data&gt;/nodeapps/&lt;app&gt;@&lt;scenario&gt;/</c> holds <c>history.json</c> (replaced whole: temporary file, flush to
/// disk, rename), the object store and the stat cache. A history that cannot be read counts as empty; before one is
/// written over, it is moved aside to <c>history.json.corrupt-&lt;utc yyyyMMddHHmmss&gt;</c>.
/// </summary>
internal sealed class NodeAppHistory(string directory, string app, string scenario, TimeProvider time)
{
    private const string HistoryName = "history.json";

    public string Root { get; } = directory;

    public string HistoryPath => Path.Combine(Root, HistoryName);

    /// <summary>The object store; each instance tracks its own unpublished writes.</summary>
    public ObjectStore OpenObjects() => new(Path.Combine(Root, "objects"));

    public string StatCachePath => Path.Combine(Root, "statcache.json");

    /// <summary>True when a history file is there, readable or not.</summary>
    public bool Exists => File.Exists(HistoryPath);

    /// <summary>The stored history; null when there is none or it cannot be read.</summary>
    public HistoryDocument? Read()
    {
        try
        {
            var bytes = File.ReadAllBytes(HistoryPath);
            var document = JsonSerializer.Deserialize(bytes, NodeAppJsonContext.Default.HistoryDocument);
            return IsValid(document) ? document : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The stored history, or an empty one when there is none or it cannot be read.</summary>
    public HistoryDocument ReadOrEmpty() => Read() ?? new HistoryDocument { App = app, Scenario = scenario, Versions = [] };

    /// <summary>Replaces the stored history; one that cannot be read is moved aside first, never lost.</summary>
    public void Write(HistoryDocument document)
    {
        if (Exists && Read() is null)
        {
            var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            var aside = $"{HistoryPath}.corrupt-{stamp}";
            for (var n = 1; File.Exists(aside); n++)
            {
                aside = $"{HistoryPath}.corrupt-{stamp}-{n}";
            }

            File.Move(HistoryPath, aside);
        }

        Directory.CreateDirectory(Root);
        AtomicFile.Write(HistoryPath, JsonSerializer.SerializeToUtf8Bytes(document, NodeAppJsonContext.Default.HistoryDocument), durable: true);
    }

    /// <summary>A version stamped now, in UTC.</summary>
    public HistoryEntry NewEntry(string hash, string message) => new(hash, time.GetUtcNow().ToUniversalTime(), message);

    private bool IsValid(HistoryDocument? document) =>
        document is not null
        && document.App == app
        && document.Scenario == scenario
        && document.Versions is not null
        && document.Versions.All(v => v is not null && TreeEncoding.IsHash(v.Hash) && v.Message is not null);
}
