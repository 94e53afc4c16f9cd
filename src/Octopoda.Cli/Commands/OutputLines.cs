namespace Octopoda.Cli.Commands;

/// <summary>Splits captured output into lines: <c>\n</c> or <c>\r\n</c> ends a line, and a final newline adds no empty line.</summary>
internal static class OutputLines
{
    public static IEnumerable<string> Split(string text)
    {
        if (text.Length == 0)
        {
            yield break;
        }

        var body = text.EndsWith('\n') ? text[..^1] : text;
        foreach (var line in body.Split('\n'))
        {
            yield return line.EndsWith('\r') ? line[..^1] : line;
        }
    }
}
