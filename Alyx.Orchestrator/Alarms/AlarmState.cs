namespace Alyx.Orchestrator.Alarms;

/// <summary>The state of a CloudWatch alarm, as <c>NewStateValue</c> and <c>OldStateValue</c> carry it.</summary>
public enum AlarmState
{
    /// <summary><c>OK</c>: the metric is within the threshold.</summary>
    Ok,

    /// <summary><c>ALARM</c>: the metric crossed the threshold. Only this state leads to an action.</summary>
    Alarm,

    /// <summary><c>INSUFFICIENT_DATA</c>: too few data points to decide.</summary>
    InsufficientData,
}
