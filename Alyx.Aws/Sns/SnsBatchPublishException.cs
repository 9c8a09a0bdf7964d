namespace Alyx.Aws.Sns;

/// <summary>Some entries of a PublishBatch call failed although the call as a whole succeeded.</summary>
public sealed class SnsBatchPublishException(IReadOnlyList<SnsBatchFailure> failures)
    : Exception($"SNS PublishBatch failed for {failures.Count} entr{(failures.Count == 1 ? "y" : "ies")}: "
        + string.Join("; ", failures.Select(f => $"{f.Id}: {f.Code} ({(f.SenderFault ? "sender" : "service")} fault) {f.Message}"))
        + ". Resend the service-fault entries; fix the sender-fault ones.")
{
    /// <summary>The failed entries.</summary>
    public IReadOnlyList<SnsBatchFailure> Failures { get; } = failures;
}
