using Microsoft.Data.Sqlite;

namespace Octopoda.Tentacle.Journal;

/// <summary>One queued journal operation: applied by the writer inside a batch, completed after the commit.</summary>
internal abstract class JournalOperation
{
    /// <summary>Applies the operation; false when it failed (the writer rolls back its savepoint).</summary>
    public abstract bool TryApply(SqliteConnection connection);

    /// <summary>Called after the batch committed: hands out the result or the operation's own failure.</summary>
    public abstract void Complete();

    public abstract void Fail(Exception exception);
}
