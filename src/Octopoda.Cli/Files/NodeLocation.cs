namespace Octopoda.Cli.Files;

/// <summary>
/// A <c>&lt;node&gt;:&lt;path&gt;</c> argument, split at its first colon (node names, @groups and labels hold none; a
/// path may). Both parts must be there.
/// </summary>
/// <param name="Node">The node, @group or label before the colon.</param>
/// <param name="Path">The path after it, as given.</param>
internal sealed record NodeLocation(string Node, string Path)
{
    /// <summary>
    /// Splits <paramref name="text"/>; throws <see cref="OctlUsageException"/> naming <paramref name="form"/> (e.g.
    /// <c>&lt;node&gt;:&lt;path&gt;</c>) and <paramref name="example"/> when it is not of that form.
    /// </summary>
    public static NodeLocation Parse(string text, string form, string example)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1 || string.IsNullOrWhiteSpace(text[..colon]))
        {
            var problem = colon < 0 ? "has no colon" : colon == 0 || string.IsNullOrWhiteSpace(text[..colon]) ? "has nothing before its colon" : "has nothing after its colon";
            throw new OctlUsageException($"'{Protocol.Files.FileErrors.Quote(text)}' {problem}: expected {form}, e.g. {example}");
        }

        return new NodeLocation(text[..colon], text[(colon + 1)..]);
    }
}
