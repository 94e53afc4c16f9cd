using System.CommandLine;
using Octopoda.Protocol;
using Octopoda.Protocol.Certificates;

namespace Octopoda.Cli.Certificates;

/// <summary>
/// <c>octl cert server --ca DIR --out DIR --host NAME… [--days N] [--force]</c>: the Brain's server certificate,
/// signed by the CA, for the given host names and addresses plus the fixed name the Brain's certificate carries.
/// </summary>
internal sealed class CertServerCommand : Command
{
    private const int DefaultDays = 730;

    private readonly Option<string> _ca = CertOptions.Ca();
    private readonly Option<string> _out = CertOptions.Out("server.crt, server.key and a copy of ca.crt");
    private readonly Option<int> _days = CertOptions.Days(DefaultDays);
    private readonly Option<bool> _force = CertOptions.Force();
    private readonly Option<string[]> _hosts = new("--host")
    {
        Description = $"A DNS name or IP address clients reach the Brain by (repeat for more); '{ProtocolInfo.BrainCertificateName}' is always added",
        HelpName = "name-or-ip",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
    };

    public CertServerCommand(OctlContext context)
        : base("server", "Make the Brain's server certificate, signed by the CA: server.crt and server.key")
    {
        _hosts.Validators.Add(result =>
        {
            foreach (var host in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (string.IsNullOrWhiteSpace(host) || host.Any(c => char.IsWhiteSpace(c) || c is '/' or ','))
                {
                    result.AddError($"'{host}' is not a host name or IP address");
                }
            }
        });
        Options.Add(_ca);
        Options.Add(_out);
        Options.Add(_hosts);
        Options.Add(_days);
        Options.Add(_force);
        SetAction(parse =>
        {
            var environment = context.Environment;
            var hosts = parse.GetRequiredValue(_hosts);
            return CertOutput.Run(
                environment,
                context.Globals.GetFormat(parse),
                $"made the Brain's server certificate for {ProtocolInfo.BrainCertificateName}, {string.Join(", ", hosts)}:",
                () => PkiGenerator.CreateServer(
                    CertOutput.FullPath(environment, parse.GetRequiredValue(_ca)),
                    CertOutput.FullPath(environment, parse.GetRequiredValue(_out)),
                    hosts,
                    TimeSpan.FromDays(parse.GetValue(_days)),
                    environment.Time.GetUtcNow(),
                    parse.GetValue(_force)));
        });
    }
}
