namespace Gatehouse.Core.Tests;

public sealed class IdGeneratorTests
{
    [Fact]
    public void Opaque_tokens_never_start_with_a_dash_so_the_aws_cli_takes_them_as_values()
    {
        var ids = new IdGenerator();

        // A leading '-' or '_' has a 1-in-32 chance per draw; 2000 draws would all pass it by chance with odds below 1e-27.
        for (var i = 0; i < 2000; i++)
        {
            var token = ids.NewOpaqueToken();
            Assert.True(char.IsAsciiLetterOrDigit(token[0]), token);
            Assert.Equal(64, token.Length);
        }
    }
}
