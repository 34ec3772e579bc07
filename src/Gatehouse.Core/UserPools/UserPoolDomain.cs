namespace Gatehouse.Core.UserPools;

/// <summary>A pool's prefix domain, shaped as AWS's <c>DomainDescriptionType</c>.</summary>
public sealed class UserPoolDomain
{
    public string? UserPoolId { get; set; }
    public string? AWSAccountId { get; set; }
    public string? Domain { get; set; }
    public string? S3Bucket { get; set; }
    public string? CloudFrontDistribution { get; set; }
    public string? Version { get; set; }
    public string? Status { get; set; }
    public int? ManagedLoginVersion { get; set; }
}
