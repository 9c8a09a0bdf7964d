using Microsoft.Extensions.Hosting;

namespace Alyx.Orchestrator.Leadership;

/// <summary>Hosts an <see cref="OrchestratorRunner"/> as a Generic Host service.</summary>
public sealed class OrchestratorService(OrchestratorRunner runner) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runner.RunAsync(stoppingToken);
}
