using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Coordination.Identify;

/// <summary>The identify gate for a single process (<c>alyx dev</c>, embedded mode), on the injected clock.</summary>
public sealed class InMemoryIdentifyGate : ReservingIdentifyGate
{
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, DateTimeOffset> _nextSlots = [];
    private SessionStartBudget? _budget;
    private long _budgetVersion;
    private readonly DateTimeOffset _processStartedAt;
    private DateTimeOffset _floor;

    /// <summary>Creates the gate.</summary>
    public InMemoryIdentifyGate(IdentifyGateOptions options, TimeProvider timeProvider, ILogger<InMemoryIdentifyGate>? logger = null)
        : base(options, timeProvider, logger ?? NullLogger<InMemoryIdentifyGate>.Instance)
    {
        _timeProvider = timeProvider;
        // The process start on the injected clock: the process's age on the system clock, counted back from now.
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        _processStartedAt = timeProvider.GetUtcNow() - (DateTime.UtcNow - process.StartTime.ToUniversalTime());
    }

    /// <inheritdoc />
    public override Task SetBudgetAsync(SessionStartBudget budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(budget);
        budget.ThrowIfInvalid();
        lock (_gate)
        {
            // Grants of an earlier process (before a restart of alyx dev) are unknown, so no bucket grants until one
            // spacing after this process started, as the Redis gate does after a server restart.
            if (_budget is null && Options.HoldFirstBudget)
            {
                _floor = _processStartedAt + Options.SlotSpacing;
            }

            _budget = budget;
            _budgetVersion++;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task<SessionStartBudget?> GetBudgetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_budget?.At(_timeProvider.GetUtcNow()));
        }
    }

    private protected override Task<IdentifySlot> ReserveAsync(int shardId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            var budget = (_budget ?? throw BudgetNotSet("this process")).At(now);
            _budget = budget;
            if (budget.Remaining <= Options.Reserve)
            {
                throw Exhausted(budget.Remaining, budget.ResetsAt);
            }

            var bucket = shardId % budget.MaxConcurrency;
            var slot = now > _floor ? now : _floor;
            if (_nextSlots.TryGetValue(bucket, out var next) && next > slot)
            {
                slot = next;
            }

            _nextSlots[bucket] = slot + Options.SlotSpacing;
            _budget = budget with { Remaining = budget.Remaining - 1 };
            return Task.FromResult(new IdentifySlot(bucket, slot, slot - now, _budgetVersion));
        }
    }

    private protected override Task<DateTimeOffset> ReadStoreClockAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_timeProvider.GetUtcNow());

    private protected override Task CancelAsync(IdentifySlot slot)
    {
        lock (_gate)
        {
            if (_nextSlots.TryGetValue(slot.Bucket, out var next) && next == slot.SlotTime + Options.SlotSpacing)
            {
                _nextSlots[slot.Bucket] = slot.SlotTime;
            }

            if (_budget is not null && _budgetVersion == slot.BudgetVersion && _budget.Remaining < _budget.Total)
            {
                _budget = _budget with { Remaining = _budget.Remaining + 1 };
            }
        }

        return Task.CompletedTask;
    }
}
