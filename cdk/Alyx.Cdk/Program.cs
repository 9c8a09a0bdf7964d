using Amazon.CDK;

namespace Alyx.Cdk;

/// <summary>The CDK app: one <see cref="AlyxStack"/> configured by the <c>alyx:*</c> context keys.</summary>
public static class Program
{
    /// <summary>Synthesizes the stack into the CDK output folder (<c>CDK_OUTDIR</c>, or cdk.out).</summary>
    public static int Main()
    {
        var app = new App();
        AlyxStackProps props;
        try
        {
            props = AlyxContext.Read(key => app.Node.TryGetContext(key));
            var failures = props.Validate();
            if (failures.Count > 0)
            {
                foreach (var failure in failures)
                {
                    Console.Error.WriteLine("alyx-cdk: " + failure);
                }

                return 2;
            }
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine("alyx-cdk: " + exception.Message);
            return 2;
        }

        _ = new AlyxStack(app, "AlyxStack", props);
        app.Synth();
        return 0;
    }
}
