namespace Octopoda.Brain.Nodes;

/// <summary>Closes connections that stay open but silent past the offline threshold (a half-open TCP link).</summary>
internal sealed class LivenessMonitor(NodeRegistry nodes, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(nodes.Liveness.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = time.GetUtcNow();
                foreach (var node in nodes.All)
                {
                    if (node.Session is { } session && node.SilenceAt(now) > nodes.Liveness.OfflineAfter)
                    {
                        session.Close($"no heartbeat for {nodes.Liveness.OfflineAfter.TotalSeconds:0} s");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
