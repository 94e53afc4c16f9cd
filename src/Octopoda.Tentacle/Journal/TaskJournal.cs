using System.Text.Json;
using Microsoft.Data.Sqlite;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Json;
using Octopoda.Tentacle.Tasks;

namespace Octopoda.Tentacle.Journal;

/// <summary>
/// The Tentacle's task journal (<c>&lt;dataDir&gt;/journal.db</c>, SQLite, WAL, <c>synchronous=FULL</c>): one row per
/// task id with the dispatch, its accept time, how far it got (accepted, running with its process, finished with its
/// result, or a cancel tombstone) and whether the Brain acknowledged the result. It is the accepted-id set (an id
/// in it never runs again), the outbox (results stay until acknowledged) and the record recovery starts from.
/// Every write goes through one <see cref="JournalWriter"/>; each method's task completes when the write is durable.
/// </summary>
internal sealed class TaskJournal : IAsyncDisposable
{
    /// <summary>Acknowledged rows kept for dedupe: at least this many of the newest ids...</summary>
    public const int KeepNewestIds = 100_000;

    /// <summary>...and at least everything accepted within this window (longer than any Brain redelivery).</summary>
    public static readonly TimeSpan KeepAtLeast = TimeSpan.FromDays(7);

    // One transaction holds at most this many operations, so a huge burst still commits in bounded steps.
    private const int DefaultMaxBatch = 1024;

    private const string Columns = "seq, id, kind, payload, parallel, expires_at, delay_ms, start_at, tolerance_ms, accepted_at, state, pid, pid_stamp, started_at, result, acked";

    private readonly JournalWriter _writer;
    private string? _loss;

    private TaskJournal(SqliteConnection connection, string path, string? loss, int maxBatch)
    {
        FilePath = path;
        _loss = loss ?? ReadLoss(connection);
        _writer = new JournalWriter(connection, maxBatch);
    }

    public string FilePath { get; }

    /// <summary>Why the tasks of an earlier journal are unknown, until a Brain has been told (<c>Hello.JournalLoss</c>).</summary>
    public string? Loss => Volatile.Read(ref _loss);

    /// <summary>Transactions committed (one fsync each), for tests and measurements.</summary>
    public long Transactions => _writer.Transactions;

    public static TaskJournal Open(string dataDirectory, TimeProvider time, ILogger logger, int maxBatch = DefaultMaxBatch)
    {
        var connection = JournalFile.Open(dataDirectory, time, logger, out var loss);
        return new TaskJournal(connection, Path.Combine(dataDirectory, JournalFile.FileName), loss, maxBatch);
    }

    public Task<JournalContents> LoadAsync() => _writer.RunAsync(connection =>
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var unfinished = new List<JournalEntry>();
        var unacknowledged = new List<TaskResult>();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM tasks ORDER BY seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetString(1);
            ids.Add(id);
            var state = (JournalTaskState)reader.GetInt32(10);
            if (state is JournalTaskState.Accepted or JournalTaskState.Running)
            {
                unfinished.Add(ReadEntry(reader));
            }
            else if (reader.GetInt64(15) == 0 && ReadResult(reader, 14) is { } result)
            {
                unacknowledged.Add(result);
            }
        }

        return new JournalContents(ids, unfinished, unacknowledged);
    });

    /// <summary>Records a newly accepted task. Must be durable before <c>TaskAccepted</c> goes out.</summary>
    public Task AcceptAsync(TaskDispatch dispatch, long acceptedAtUnixMs) =>
        _writer.RunAsync(connection => Insert(connection, dispatch, acceptedAtUnixMs, JournalTaskState.Accepted, null));

    /// <summary>Records a task that ended without running (expired on arrival, refused): finished, in the outbox.</summary>
    public Task AcceptFinishedAsync(TaskDispatch dispatch, long acceptedAtUnixMs, TaskResult result) =>
        _writer.RunAsync(connection => Insert(connection, dispatch, acceptedAtUnixMs, JournalTaskState.Finished, result));

    /// <summary>Reserves an id cancelled before its dispatch arrived, with its cancelled result in the outbox.</summary>
    public Task TombstoneAsync(string taskId, long atUnixMs, TaskResult result) =>
        _writer.RunAsync(connection => Insert(connection, new TaskDispatch { TaskId = taskId, Kind = "", Payload = "" }, atUnixMs, JournalTaskState.Tombstone, result));

    /// <summary>Marks a task running. Durable before its process starts, so a restart never starts it again.</summary>
    public Task MarkRunningAsync(string taskId) => Update(
        taskId,
        "UPDATE tasks SET state = 1 WHERE id = $id AND state = 0",
        null);

    /// <summary>A task marked running did not start after all (the Tentacle is stopping): run it after the restart.</summary>
    public Task RevertToAcceptedAsync(string taskId) => Update(
        taskId,
        "UPDATE tasks SET state = 0, pid = NULL, pid_stamp = NULL, started_at = NULL WHERE id = $id AND state = 1",
        null);

    /// <summary>
    /// Names a running task's process, for recovery. Deferred (see <see cref="JournalWriter.RunDeferred"/>): a
    /// short task's record rides along with its result's transaction; should the Tentacle die before it is
    /// durable, recovery finds the process by its <c>OCTOPODA_TASK</c> variable instead.
    /// </summary>
    public Task RecordProcessAsync(string taskId, int? processId, ProcessStamp? stamp, double startedAtUnixMs) => _writer.RunDeferred(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE tasks SET pid = $pid, pid_stamp = $stamp, started_at = $started WHERE id = $id AND state = 1";
        command.Parameters.AddWithValue("$id", taskId);
        command.Parameters.AddWithValue("$pid", (object?)processId ?? DBNull.Value);
        command.Parameters.AddWithValue("$stamp", (object?)stamp?.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue("$started", startedAtUnixMs);
        command.ExecuteNonQuery();
    });

    /// <summary>Stores a task's final result (in the outbox until acknowledged). A final result is never replaced.</summary>
    public Task FinishAsync(TaskResult result) => Update(
        result.TaskId,
        "UPDATE tasks SET state = 2, result = $result, acked = 0 WHERE id = $id AND state IN (0, 1)",
        command => command.Parameters.AddWithValue("$result", JsonSerializer.Serialize(result, ProtocolJsonContext.Default.TaskResult)));

    /// <summary>
    /// The Brain stored the result: it leaves the outbox. The row stays for dedupe, without the captured output
    /// (the Brain has it), so the journal stays small however much the tasks printed.
    /// </summary>
    public Task AcknowledgeAsync(string taskId) => Update(
        taskId,
        "UPDATE tasks SET acked = 1, result = json_set(result, '$.stdout', '', '$.stderr', '') WHERE id = $id AND state IN (2, 3) AND acked = 0",
        null);

    /// <summary>The stored result of a finished task (without output once acknowledged), or null.</summary>
    public Task<TaskResult?> ReadResultAsync(string taskId) => _writer.RunAsync(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT result FROM tasks WHERE id = $id";
        command.Parameters.AddWithValue("$id", taskId);
        return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.TaskResult) : null;
    });

    /// <summary>
    /// Forgets acknowledged tasks outside both dedupe windows (not among the newest <paramref name="keepNewest"/>
    /// ids and accepted before <paramref name="keepAtLeast"/> ago); returns their ids.
    /// </summary>
    public Task<IReadOnlyList<string>> PruneAsync(long nowUnixMs, int keepNewest = KeepNewestIds, TimeSpan? keepAtLeast = null) => _writer.RunAsync<IReadOnlyList<string>>(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM tasks
            WHERE acked = 1 AND state IN (2, 3)
              AND accepted_at < $cutoff
              AND seq <= (SELECT max(seq) FROM tasks) - $keep
            RETURNING id
            """;
        command.Parameters.AddWithValue("$cutoff", nowUnixMs - (long)(keepAtLeast ?? KeepAtLeast).TotalMilliseconds);
        command.Parameters.AddWithValue("$keep", keepNewest);
        using var reader = command.ExecuteReader();
        var pruned = new List<string>();
        while (reader.Read())
        {
            pruned.Add(reader.GetString(0));
        }

        return pruned;
    });

    /// <summary>A Brain has heard the loss (it welcomed a <c>Hello</c> carrying it); later connections do not repeat it.</summary>
    public Task ClearLossAsync()
    {
        Volatile.Write(ref _loss, null);
        return _writer.RunAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM meta WHERE key = $key";
            command.Parameters.AddWithValue("$key", JournalSchema.LossKey);
            command.ExecuteNonQuery();
        });
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private Task Update(string taskId, string sql, Action<SqliteCommand>? parameters) => _writer.RunAsync(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", taskId);
        parameters?.Invoke(command);
        command.ExecuteNonQuery();
    });

    private static void Insert(SqliteConnection connection, TaskDispatch dispatch, long acceptedAt, JournalTaskState state, TaskResult? result)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO tasks (id, kind, payload, parallel, expires_at, delay_ms, start_at, tolerance_ms, accepted_at, state, result)
            VALUES ($id, $kind, $payload, $parallel, $expires, $delay, $startAt, $tolerance, $accepted, $state, $result)
            """;
        var p = command.Parameters;
        p.AddWithValue("$id", dispatch.TaskId);
        p.AddWithValue("$kind", dispatch.Kind);
        p.AddWithValue("$payload", dispatch.Payload);
        p.AddWithValue("$parallel", dispatch.Parallel ? 1 : 0);
        p.AddWithValue("$expires", (object?)dispatch.ExpiresAtUnixMs ?? DBNull.Value);
        p.AddWithValue("$delay", (object?)dispatch.DelayMs ?? DBNull.Value);
        p.AddWithValue("$startAt", (object?)dispatch.StartAtUnixMs ?? DBNull.Value);
        p.AddWithValue("$tolerance", (object?)dispatch.AlignToleranceMs ?? DBNull.Value);
        p.AddWithValue("$accepted", acceptedAt);
        p.AddWithValue("$state", (int)state);
        p.AddWithValue("$result", result is null ? DBNull.Value : JsonSerializer.Serialize(result, ProtocolJsonContext.Default.TaskResult));
        command.ExecuteNonQuery();
    }

    private static JournalEntry ReadEntry(SqliteDataReader reader) => new()
    {
        Sequence = reader.GetInt64(0),
        Dispatch = new TaskDispatch
        {
            TaskId = reader.GetString(1),
            Kind = reader.GetString(2),
            Payload = reader.GetString(3),
            Parallel = reader.GetInt64(4) != 0,
            ExpiresAtUnixMs = reader.IsDBNull(5) ? null : reader.GetInt64(5),
            DelayMs = reader.IsDBNull(6) ? null : reader.GetInt64(6),
            StartAtUnixMs = reader.IsDBNull(7) ? null : reader.GetDouble(7),
            AlignToleranceMs = reader.IsDBNull(8) ? null : reader.GetDouble(8),
        },
        AcceptedAtUnixMs = reader.GetInt64(9),
        State = (JournalTaskState)reader.GetInt32(10),
        ProcessId = reader.IsDBNull(11) ? null : reader.GetInt32(11),
        ProcessStamp = reader.IsDBNull(12) ? null : ProcessStamp.Parse(reader.GetString(12)),
        StartedAtUnixMs = reader.IsDBNull(13) ? null : reader.GetDouble(13),
        Result = ReadResult(reader, 14),
        Acknowledged = reader.GetInt64(15) != 0,
    };

    private static TaskResult? ReadResult(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize(reader.GetString(ordinal), ProtocolJsonContext.Default.TaskResult);

    private static string? ReadLoss(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", JournalSchema.LossKey);
        return command.ExecuteScalar() as string;
    }
}
