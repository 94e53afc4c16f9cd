using Octopoda.Cli;

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C asks octl to stop waiting and exit 130; a second one ends the process at once.
    if (!interrupted.IsCancellationRequested)
    {
        e.Cancel = true;
        interrupted.Cancel();
    }
};

return await OctlApp.RunAsync(args, Console.Out, Console.Error, interrupted.Token);
