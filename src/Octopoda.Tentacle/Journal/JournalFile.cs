using System.Globalization;
using Microsoft.Data.Sqlite;
using Octopoda.Tentacle.Enrollment;

namespace Octopoda.Tentacle.Journal;

/// <summary>
/// Opens <c>&lt;dataDir&gt;/journal.db</c>, and decides whether the tasks it held are lost. A journal that cannot be
/// opened, fails <c>PRAGMA quick_check</c> or has a schema this build does not know is moved aside (with its -wal
/// and -shm) to <c>journal.db.corrupt-&lt;utc yyyyMMddHHmmss&gt;</c> and replaced by a new one; so is a missing or
/// empty journal on a node that already enrolled. Either way the Tentacle starts, and the returned loss text goes
/// to the Brain in <c>Hello.JournalLoss</c>.
/// </summary>
internal static partial class JournalFile
{
    public const string FileName = "journal.db";

    private static readonly string[] Companions = ["-wal", "-shm"];

    public static SqliteConnection Open(string dataDirectory, TimeProvider time, ILogger logger, out string? loss)
    {
        var path = Path.Combine(dataDirectory, FileName);
        loss = null;
        if (File.Exists(path))
        {
            SqliteConnection? existing = null;
            try
            {
                existing = Connect(path);
                if (HasSchema(existing))
                {
                    return existing;
                }

                if (IsEnrolled(dataDirectory))
                {
                    loss = $"the task journal {path} was empty although this node had enrolled, so the tasks it had accepted are unknown";
                    LogJournalMissing(logger, loss);
                }

                return Initialise(existing, loss);
            }
            catch (Exception ex) when (ex is SqliteException or InvalidDataException)
            {
                existing?.Dispose();
                var reason = ex is SqliteException sqlite ? $"SQLite error {sqlite.SqliteErrorCode}: {sqlite.Message}" : ex.Message;
                var aside = MoveAside(path, time);
                loss = $"the task journal could not be read ({reason}); it was moved aside to {aside} and a new one started";
                LogJournalCorrupt(logger, path, aside, reason);
            }
        }
        else
        {
            // A -wal or -shm without its database belongs to no journal we can read; SQLite must not apply it.
            foreach (var companion in Companions)
            {
                File.Delete(path + companion);
            }

            if (IsEnrolled(dataDirectory))
            {
                loss = $"the task journal {path} is missing although this node had enrolled, so the tasks it had accepted are unknown";
                LogJournalMissing(logger, loss);
            }
        }

        var created = Connect(path);
        if (HasSchema(created))
        {
            throw new InvalidOperationException($"{path} appeared while the Tentacle was replacing it; is another Tentacle using {dataDirectory}?");
        }

        return Initialise(created, loss);
    }

    private static SqliteConnection Connect(string path)
    {
        // No pooling: the file must be fully closed when it is moved aside, and there is one connection anyway.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            // WAL: a commit appends to the log; FULL: the log is fsynced at every commit, so an accepted task's
            // row survives power loss, not only a process crash (which is all NORMAL promises in WAL mode).
            var mode = Scalar(connection, "PRAGMA journal_mode = WAL");
            if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"journal_mode stayed {mode}");
            }

            Execute(connection, "PRAGMA synchronous = FULL");
            QuickCheck(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void QuickCheck(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check";
        using var reader = command.ExecuteReader();
        var problems = new List<string>();
        while (reader.Read() && problems.Count < 3)
        {
            problems.Add(reader.GetString(0));
        }

        if (problems is not ["ok"])
        {
            throw new InvalidDataException($"quick_check: {string.Join("; ", problems)}");
        }
    }

    /// <summary>True for a journal of this schema; false for an empty database; throws for anything else.</summary>
    private static bool HasSchema(SqliteConnection connection)
    {
        var version = Convert.ToInt64(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (version == JournalSchema.Version)
        {
            return true;
        }

        var tables = Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_master"), CultureInfo.InvariantCulture);
        return version == 0 && tables == 0
            ? false
            : throw new InvalidDataException($"schema version {version} with {tables} objects; this Tentacle reads version {JournalSchema.Version}");
    }

    private static SqliteConnection Initialise(SqliteConnection connection, string? loss)
    {
        Execute(connection, JournalSchema.Create);
        if (loss is not null)
        {
            // Kept until a Brain has heard it: a Tentacle that restarts again before connecting must still report it.
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO meta (key, value) VALUES ($key, $value)";
            command.Parameters.AddWithValue("$key", JournalSchema.LossKey);
            command.Parameters.AddWithValue("$value", loss);
            command.ExecuteNonQuery();
        }

        return connection;
    }

    private static string MoveAside(string path, TimeProvider time)
    {
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var aside = $"{path}.corrupt-{stamp}";
        for (var n = 2; File.Exists(aside); n++)
        {
            aside = $"{path}.corrupt-{stamp}-{n}";
        }

        File.Move(path, aside);
        foreach (var companion in Companions)
        {
            if (File.Exists(path + companion))
            {
                File.Move(path + companion, aside + companion);
            }
        }

        return aside;
    }

    private static bool IsEnrolled(string dataDirectory) =>
        File.Exists(Path.Combine(NodeIdentity.DirectoryOf(dataDirectory), "node.crt"));

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Task journal {Path} is unreadable ({Reason}); moved aside to {Aside} and started a new one. The Brain will end this node's unfinished tasks as lost.")]
    private static partial void LogJournalCorrupt(ILogger logger, string path, string aside, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "{Loss}; the Brain will end this node's unfinished tasks as lost")]
    private static partial void LogJournalMissing(ILogger logger, string loss);
}
