using System.Text.RegularExpressions;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.Ecr.Assets;
using Amazon.CDK.AWS.ECS;
using Constructs;

namespace Alyx.Cdk.Compute;

/// <summary>Turns an image setting into a container image: an Amazon ECR URI, another registry's URI, or a build.</summary>
internal static partial class ContainerImages
{
    // Folders that never belong in a build context: build output, test packages and CDK output.
    private static readonly string[] BuildContextExclusions = ["**/bin", "**/obj", "**/node_modules", "**/cdk.out", ".git"];

    /// <summary>
    /// Returns the image for <paramref name="uri"/>. An ECR URI gets the pull permission on the execution role; a
    /// null URI builds <paramref name="dockerfile"/> from the repository root when the stack is deployed.
    /// </summary>
    public static ContainerImage From(Construct scope, string id, string? uri, string repositoryRoot, string dockerfile)
    {
        if (uri is null)
        {
            return ContainerImage.FromAsset(repositoryRoot, new AssetImageProps
            {
                File = dockerfile,
                Exclude = BuildContextExclusions,
                Platform = Platform_.LINUX_AMD64,
            });
        }

        var match = EcrUri().Match(uri);
        if (!match.Success)
        {
            return ContainerImage.FromRegistry(uri);
        }

        var repository = Repository.FromRepositoryAttributes(scope, id, new RepositoryAttributes
        {
            RepositoryName = match.Groups["name"].Value,
            RepositoryArn = $"arn:aws:ecr:{match.Groups["region"].Value}:{match.Groups["account"].Value}:repository/{match.Groups["name"].Value}",
        });
        return ContainerImage.FromEcrRepository(repository, match.Groups["tag"].Success ? match.Groups["tag"].Value : "latest");
    }

    [GeneratedRegex(@"^(?<account>\d{12})\.dkr\.ecr\.(?<region>[a-z0-9-]+)\.amazonaws\.com/(?<name>[a-z0-9._/-]+?)(:(?<tag>[A-Za-z0-9._-]+))?$")]
    private static partial Regex EcrUri();
}
