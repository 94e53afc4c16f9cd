using System.Globalization;

namespace Octopoda.Tentacle.Tasks;

/// <summary>The fields of <c>/proc/&lt;pid&gt;/stat</c> the Tentacle needs: process group, session and start time.</summary>
internal readonly record struct ProcStat(int ProcessGroup, int Session, long StartTicks)
{
    public static ProcStat? TryRead(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return Parse(text);
    }

    /// <summary>
    /// Parses a stat line. The command name (field 2) is in parentheses and may itself hold spaces and
    /// parentheses, so fields are counted from the last <c>)</c>: field 3 (state) is the first after it.
    /// </summary>
    public static ProcStat? Parse(string text)
    {
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3, so field n is fields[n - 3]: group 5, session 6, start time 22.
        if (fields.Length < 20
            || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group)
            || !int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var session)
            || !long.TryParse(fields[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        return new ProcStat(group, session, start);
    }
}
