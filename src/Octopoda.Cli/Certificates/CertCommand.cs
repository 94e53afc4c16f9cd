using System.CommandLine;

namespace Octopoda.Cli.Certificates;

/// <summary>
/// <c>octl cert</c>: makes certificate material offline, as the original's CertGen script did: a CA, the Brain's
/// server certificate and client certificates (PEM, keys mode 0600). Talks to no Brain.
/// </summary>
internal sealed class CertCommand : Command
{
    public CertCommand(OctlContext context)
        : base("cert", "Make certificates offline: a CA, the Brain's server certificate, client certificates (for 'brain --pki-dir')")
    {
        Subcommands.Add(new CertCaCommand(context));
        Subcommands.Add(new CertServerCommand(context));
        Subcommands.Add(new CertClientCommand(context));
    }
}
