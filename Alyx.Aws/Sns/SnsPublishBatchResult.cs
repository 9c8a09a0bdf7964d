namespace Alyx.Aws.Sns;

/// <summary>
/// The outcome of a batch publish. SNS reports per-entry failures inside an HTTP 200 response, so callers must
/// look at <see cref="Failed"/> or call <see cref="EnsureAllPublished"/>.
/// </summary>
public sealed record SnsPublishBatchResult(IReadOnlyList<SnsBatchSuccess> Successful, IReadOnlyList<SnsBatchFailure> Failed)
{
    /// <summary>Throws when any entry failed.</summary>
    /// <exception cref="SnsBatchPublishException">At least one entry is in <see cref="Failed"/>.</exception>
    public void EnsureAllPublished()
    {
        if (Failed.Count > 0)
        {
            throw new SnsBatchPublishException(Failed);
        }
    }
}
