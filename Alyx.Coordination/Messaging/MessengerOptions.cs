using System.Text.Json;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// Settings of a messenger. <see cref="Validate"/> runs when the messenger is created.
/// </summary>
public sealed class MessengerOptions
{
    /// <summary>How long a request or broadcast waits when the caller gives no timeout. Default 10 s.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a handler runs for one delivery before the message is dead-lettered. Default 3.</summary>
    public int MaxHandlerAttempts { get; set; } = 3;

    /// <summary>The pause before a handler's second attempt, doubled for each further attempt. Default 50 ms.</summary>
    public TimeSpan HandlerRetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How often a transport may deliver a message before it is dead-lettered unhandled; protects the host from
    /// a message that crashes it. Default 5.
    /// </summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>How long handled message IDs are remembered. Default 5 minutes.</summary>
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many handled message IDs are remembered at most. Default 100,000.</summary>
    public int DedupeCapacity { get; set; } = 100_000;

    /// <summary>
    /// The largest inbound message accepted, in bytes; bigger ones are rejected and dead-lettered. Payloads above the
    /// transport's limit travel through the payload store, so this bounds envelopes, not payloads. Default 1 MiB.
    /// </summary>
    public int MaxInboundBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Whether a request for a route without a handler waits until <see cref="Messenger.MarkHandlersReady"/> (or its
    /// deadline) before it gets a RouteNotFound reply. A shard host sets it, because its plugins register their
    /// routes only after the gateway is Ready, and requests queued for a restarting shard arrive before that.
    /// Default false: every route is registered before the start.
    /// </summary>
    public bool WaitForHandlers { get; set; }

    /// <summary>How many handlers run at once in this messenger. Default 32.</summary>
    public int MaxConcurrentHandlers { get; set; } = 32;

    /// <summary>The serializer options for payloads; add a source-generated context to its resolver chain.
    /// Default <see cref="JsonSerializerOptions.Web"/>.</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = JsonSerializerOptions.Web;

    /// <summary>Checks every setting and reports all invalid ones at once.</summary>
    /// <exception cref="ArgumentException">At least one setting is invalid; the message names each.</exception>
    public void Validate()
    {
        var failures = new List<string>();
        if (DefaultTimeout <= TimeSpan.Zero)
        {
            failures.Add($"DefaultTimeout must be positive, not {DefaultTimeout}.");
        }

        if (MaxHandlerAttempts < 1)
        {
            failures.Add($"MaxHandlerAttempts must be at least 1, not {MaxHandlerAttempts}.");
        }

        if (HandlerRetryDelay < TimeSpan.Zero)
        {
            failures.Add($"HandlerRetryDelay must not be negative, not {HandlerRetryDelay}.");
        }

        if (MaxDeliveries < 1)
        {
            failures.Add($"MaxDeliveries must be at least 1, not {MaxDeliveries}.");
        }

        if (DedupeWindow <= TimeSpan.Zero)
        {
            failures.Add($"DedupeWindow must be positive, not {DedupeWindow}.");
        }

        if (DedupeCapacity < 1)
        {
            failures.Add($"DedupeCapacity must be at least 1, not {DedupeCapacity}.");
        }

        if (MaxInboundBytes < 1024)
        {
            failures.Add($"MaxInboundBytes must be at least 1024, not {MaxInboundBytes}.");
        }

        if (MaxConcurrentHandlers < 1)
        {
            failures.Add($"MaxConcurrentHandlers must be at least 1, not {MaxConcurrentHandlers}.");
        }

        if (SerializerOptions is null)
        {
            failures.Add("SerializerOptions must be set.");
        }

        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid messenger options: " + string.Join(" ", failures));
        }
    }
}
