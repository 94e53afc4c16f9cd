namespace Octopoda.Tentacle.Journal;

/// <summary>The journal's tables. <c>user_version</c> names the schema; a file with another version is not ours to read.</summary>
internal static class JournalSchema
{
    public const int Version = 1;

    public const string LossKey = "journal_loss";

    // seq is AUTOINCREMENT so accept order stays monotonic even after the newest rows were pruned.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS tasks (
            seq          INTEGER PRIMARY KEY AUTOINCREMENT,
            id           TEXT    NOT NULL UNIQUE,
            kind         TEXT    NOT NULL,
            payload      TEXT    NOT NULL,
            parallel     INTEGER NOT NULL,
            expires_at   INTEGER,
            delay_ms     INTEGER,
            start_at     REAL,
            tolerance_ms REAL,
            accepted_at  INTEGER NOT NULL,
            state        INTEGER NOT NULL,
            pid          INTEGER,
            pid_stamp    TEXT,
            started_at   REAL,
            result       TEXT,
            acked        INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        PRAGMA user_version = 1;
        """;
}
