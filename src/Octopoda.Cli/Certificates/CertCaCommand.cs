using System.CommandLine;
using Octopoda.Protocol.Certificates;

namespace Octopoda.Cli.Certificates;

/// <summary><c>octl cert ca --out DIR [--days N] [--name CN] [--force]</c>: a new CA (ECDSA P-256, self-signed).</summary>
internal sealed class CertCaCommand : Command
{
    private const int DefaultDays = 3650;

    private readonly Option<string> _out = CertOptions.Out("ca.crt and ca.key");
    private readonly Option<int> _days = CertOptions.Days(DefaultDays);
    private readonly Option<bool> _force = CertOptions.Force();
    private readonly Option<string> _name = new("--name")
    {
        Description = "The CA's common name",
        HelpName = "cn",
        DefaultValueFactory = _ => "Octopoda CA",
    };

    public CertCaCommand(OctlContext context)
        : base("ca", "Make a CA: ca.crt and ca.key (keep ca.key safe: it can issue certificates every node trusts)")
    {
        _name.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--name must not be empty");
            }
        });
        Options.Add(_out);
        Options.Add(_days);
        Options.Add(_name);
        Options.Add(_force);
        SetAction(parse =>
        {
            var environment = context.Environment;
            var outDirectory = CertOutput.FullPath(environment, parse.GetRequiredValue(_out));
            var name = parse.GetRequiredValue(_name).Trim();
            return CertOutput.Run(environment, context.Globals.GetFormat(parse), $"made the CA '{name}':", () => PkiGenerator.CreateAuthority(
                outDirectory, name, TimeSpan.FromDays(parse.GetValue(_days)), environment.Time.GetUtcNow(), parse.GetValue(_force)));
        });
    }
}
