using Gatehouse.Core.Functions;

namespace Gatehouse.Core.Tests.Functions;

public sealed class FunctionArnTests
{
    [Theory]
    [InlineData("signInFunction", "signInFunction")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:signInFunction", "signInFunction")]
    [InlineData("arn:aws:lambda:eu-west-1:999999999999:function:my-fn:live", "my-fn")]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:OAuthAPITest/invocations", "OAuthAPITest")]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:fn:prod/invocations", "fn")]
    public void Reads_the_function_name_from_every_form_AWS_accepts(string reference, string name) =>
        Assert.Equal(name, FunctionArn.NameOf(reference));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("arn:aws:s3:::bucket")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:layer:x")]
    [InlineData("arn:aws:apigateway:us-east-1:s3:path/bucket/key")]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions//invocations")]
    public void Refuses_anything_else(string reference) => Assert.Null(FunctionArn.NameOf(reference));

    [Theory]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:function:fn", "eu-west-1")]
    [InlineData("arn:aws:apigateway:ap-south-1:lambda:path/2015-03-31/functions/arn:aws:lambda:ap-south-1:123456789012:function:fn/invocations", "ap-south-1")]
    [InlineData("signInFunction", "us-east-1")]
    [InlineData("arn:aws:lambda::123456789012:function:fn", "us-east-1")]
    public void Reads_the_region_an_ARN_names(string reference, string region) => Assert.Equal(region, FunctionArn.RegionOf(reference));
}
