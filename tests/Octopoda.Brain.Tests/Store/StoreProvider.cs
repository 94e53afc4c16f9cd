namespace Octopoda.Brain.Tests.Store;

/// <summary>The stores every storage test runs on.</summary>
public enum StoreProvider
{
    Sqlite,
    Postgres,
}
