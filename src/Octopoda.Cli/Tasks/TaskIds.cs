using System.CommandLine;
using System.CommandLine.Parsing;

namespace Octopoda.Cli.Tasks;

/// <summary>Task ids as octl takes and shows them: a unique prefix of 4 or more characters will do; lists show 12.</summary>
internal static class TaskIds
{
    /// <summary>The shortest prefix the Brain looks up (shorter ones match too much to be useful).</summary>
    public const int MinPrefix = 4;

    /// <summary>Characters of an id shown in tables: enough to be unique in practice and to paste back.</summary>
    public const int ShortLength = 12;

    private const string Description = "A task id, or a unique prefix of it (at least 4 characters); 'octl task list' shows them";

    /// <summary>One task id argument.</summary>
    public static Argument<string> One()
    {
        var argument = new Argument<string>("id") { Description = Description };
        argument.Validators.Add(result => Check(result, [result.GetValueOrDefault<string>()]));
        return argument;
    }

    /// <summary>One or more task id arguments.</summary>
    public static Argument<string[]> Many()
    {
        var argument = new Argument<string[]>("ids") { Description = Description, Arity = ArgumentArity.OneOrMore };
        argument.Validators.Add(result => Check(result, result.GetValueOrDefault<string[]>() ?? []));
        return argument;
    }

    /// <summary>The first <see cref="ShortLength"/> characters of an id.</summary>
    public static string Short(string id) => id.Length <= ShortLength ? id : id[..ShortLength];

    private static void Check(ArgumentResult result, IEnumerable<string?> ids)
    {
        foreach (var id in ids)
        {
            if (id is null || id.Trim().Length < MinPrefix)
            {
                result.AddError($"'{id}' is too short for a task id: give at least {MinPrefix} of its characters ('octl task list' shows ids)");
            }
        }
    }
}
