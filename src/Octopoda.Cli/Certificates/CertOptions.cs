using System.CommandLine;

namespace Octopoda.Cli.Certificates;

/// <summary>Options the <c>octl cert</c> commands share.</summary>
internal static class CertOptions
{
    public static Option<string> Out(string what) => new("--out")
    {
        Description = $"Directory to write {what} into (created with mode 0700 if missing)",
        HelpName = "dir",
        Required = true,
    };

    public static Option<string> Ca() => new("--ca")
    {
        Description = "Directory holding the CA's ca.crt and ca.key (as 'octl cert ca' writes them)",
        HelpName = "dir",
        Required = true,
    };

    public static Option<int> Days(int defaultDays)
    {
        var option = new Option<int>("--days")
        {
            Description = $"Days the certificate is valid (default {defaultDays}; never beyond the CA's own end)",
            HelpName = "n",
            DefaultValueFactory = _ => defaultDays,
        };
        option.Validators.Add(result =>
        {
            var days = result.GetValueOrDefault<int>();
            if (days is < 1 or > 36_500)
            {
                result.AddError($"--days must be between 1 and 36500 (got {days})");
            }
        });
        return option;
    }

    public static Option<bool> Force() => new("--force")
    {
        Description = "Replace existing files (without it, nothing is written when any target file exists)",
    };
}
