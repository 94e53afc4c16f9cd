namespace Octopoda.Brain.Store;

/// <summary>The store exists but has a schema this build cannot use; the message says what to do.</summary>
internal sealed class StoreSchemaException(string message) : Exception(message);
