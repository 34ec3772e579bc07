using Gatehouse.Server.HostedUi;

namespace Gatehouse.Server.Tests;

/// <summary>The hosted pages' HTML builder and layout: nothing passed in can open markup of its own.</summary>
public sealed class HostedHtmlTests
{
    [Fact]
    public void Text_and_attribute_values_are_encoded()
    {
        var html = new Html().Open("p", ("title", "\"><b>"), ("hidden", ""), ("data-x", null)).Text("<i>é & ü</i>").Close("p").ToString();
        Assert.Equal("<p title=\"&quot;&gt;&lt;b&gt;\" hidden=\"\">&lt;i&gt;é &amp; ü&lt;/i&gt;</p>", html);
    }

    [Theory]
    [InlineData("script onload")]
    [InlineData("P")]
    [InlineData("a\"")]
    [InlineData("")]
    public void Names_must_be_plain(string name)
    {
        Assert.Throws<ArgumentException>(() => new Html().Open(name));
        Assert.Throws<ArgumentException>(() => new Html().Open("p", (name, "x")));
    }

    [Fact]
    public void Pool_css_cannot_close_its_style_element_and_only_http_logos_show()
    {
        var page = Layout.Render("T", _ => { }, new Branding(".banner-customizable{color:red}</style><script>x</script>", "javascript:alert(1)"));
        Assert.Contains("<style>.banner-customizable{color:red}\\3c /style>\\3c script>x\\3c /script></style>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", page, StringComparison.Ordinal);

        Assert.DoesNotContain("<img", Layout.Render("T", _ => { }, new Branding(null, "//evil.example.com/x.png")), StringComparison.Ordinal);
        Assert.Contains("src=\"/_gatehouse/ui/p/ALL/logo\"", Layout.Render("T", _ => { }, new Branding(null, "/_gatehouse/ui/p/ALL/logo")), StringComparison.Ordinal);
        var logo = Layout.Render("T", _ => { }, new Branding(null, "https://cdn.example.com/logo.png?a=1&b=2"));
        Assert.Contains("<img class=\"logo-customizable\" src=\"https://cdn.example.com/logo.png?a=1&amp;b=2\" alt=\"\">", logo, StringComparison.Ordinal);
    }
}
