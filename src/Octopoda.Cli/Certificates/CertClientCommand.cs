using System.CommandLine;
using Octopoda.Protocol.Certificates;
using Octopoda.Protocol.Enrollment;

namespace Octopoda.Cli.Certificates;

/// <summary><c>octl cert client --ca DIR --out DIR --name NODE [--days N] [--force]</c>: a client certificate (client-auth usage).</summary>
internal sealed class CertClientCommand : Command
{
    private const int DefaultDays = 1825;

    private readonly Option<string> _ca = CertOptions.Ca();
    private readonly Option<string> _out = CertOptions.Out("client.crt, client.key and a copy of ca.crt");
    private readonly Option<int> _days = CertOptions.Days(DefaultDays);
    private readonly Option<bool> _force = CertOptions.Force();
    private readonly Option<string> _name = new("--name")
    {
        Description = "The client's name (a node name: the certificate's common name)",
        HelpName = "node",
        Required = true,
    };

    public CertClientCommand(OctlContext context)
        : base("client", "Make a client certificate signed by the CA: client.crt and client.key")
    {
        _name.Validators.Add(result =>
        {
            var name = result.GetValueOrDefault<string>();
            if (!NodeNames.IsValid(name))
            {
                result.AddError($"'{name}' is not a valid node name: {NodeNames.Rule}");
            }
        });
        Options.Add(_ca);
        Options.Add(_out);
        Options.Add(_name);
        Options.Add(_days);
        Options.Add(_force);
        SetAction(parse =>
        {
            var environment = context.Environment;
            var name = parse.GetRequiredValue(_name);
            return CertOutput.Run(
                environment,
                context.Globals.GetFormat(parse),
                $"made a client certificate for {name}:",
                () => PkiGenerator.CreateClient(
                    CertOutput.FullPath(environment, parse.GetRequiredValue(_ca)),
                    CertOutput.FullPath(environment, parse.GetRequiredValue(_out)),
                    name,
                    TimeSpan.FromDays(parse.GetValue(_days)),
                    environment.Time.GetUtcNow(),
                    parse.GetValue(_force)));
        });
    }
}
