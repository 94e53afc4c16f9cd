namespace Octopoda.Cli.Files;

/// <summary>
/// The word <c>brain</c> where a node would stand: the Brain's own file store. It is refused beside node targets,
/// since the store and the nodes are reached by different requests.
/// </summary>
internal static class BrainStore
{
    /// <summary>The target naming the store.</summary>
    public const string Target = "brain";

    public static bool IsStore(string target) => string.Equals(target, Target, StringComparison.Ordinal);

    /// <summary>
    /// The name an upload is kept under: <c>&lt;targetDir&gt;/&lt;entryName&gt;</c>, with leading <c>/</c> and <c>./</c>
    /// and trailing <c>/</c> taken off the directory; <c>.</c> or nothing means the name alone. The rest is passed as
    /// given (the Brain checks it).
    /// </summary>
    public static string NameFor(string targetDirectory, string entryName)
    {
        var directory = targetDirectory;
        while (true)
        {
            if (directory.StartsWith('/'))
            {
                directory = directory[1..];
            }
            else if (directory.StartsWith("./", StringComparison.Ordinal))
            {
                directory = directory[2..];
            }
            else
            {
                break;
            }
        }

        directory = directory.TrimEnd('/');
        return directory is "" or "." ? entryName : $"{directory}/{entryName}";
    }

    /// <summary>Refuses <c>brain</c> among <paramref name="targets"/> for a command that sends to nodes only.</summary>
    public static void RefuseAmong(IEnumerable<string> targets, string instead)
    {
        if (targets.Any(IsStore))
        {
            throw new OctlUsageException($"'{Target}' is the Brain's file store, not a node: {instead}");
        }
    }
}
