namespace Alyx.Coordination.Leases;

/// <summary>Why a <see cref="LeaseHandle"/> stopped being valid.</summary>
public enum LeaseLossReason
{
    /// <summary>The holder released the lease itself.</summary>
    Released,

    /// <summary>A renew reached the store and found the lease expired or held by someone else.</summary>
    RenewRejected,

    /// <summary>No renew succeeded before the local deadline, for example because the store was unreachable.</summary>
    DeadlinePassed,
}
