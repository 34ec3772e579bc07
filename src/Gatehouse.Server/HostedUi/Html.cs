using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Gatehouse.Server.HostedUi;

/// <summary>
/// A minimal HTML writer for the hosted pages. Every text and attribute value goes through <see cref="HtmlEncoder"/>;
/// tag and attribute names must be plain lowercase names, so nothing a caller passes can open markup of its own.
/// </summary>
internal sealed class Html
{
    // Letters of every script stay readable; markup characters and controls are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _out = new(4096);

    /// <summary>Opens an element; attributes with a null value are left out (a boolean attribute is set with "").</summary>
    public Html Open(string tag, params ReadOnlySpan<(string Name, string? Value)> attributes)
    {
        _out.Append('<').Append(Name(tag));
        foreach (var (name, value) in attributes)
        {
            if (value is null)
            {
                continue;
            }

            _out.Append(' ').Append(Name(name)).Append("=\"").Append(Encoder.Encode(value)).Append('"');
        }

        _out.Append('>');
        return this;
    }

    public Html Close(string tag)
    {
        _out.Append("</").Append(Name(tag)).Append('>');
        return this;
    }

    /// <summary>An element without content (input, meta, link, img).</summary>
    public Html Void(string tag, params ReadOnlySpan<(string Name, string? Value)> attributes) => Open(tag, attributes);

    /// <summary>An element holding only text.</summary>
    public Html Element(string tag, string? text, params ReadOnlySpan<(string Name, string? Value)> attributes) =>
        Open(tag, attributes).Text(text).Close(tag);

    public Html Text(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _out.Append(Encoder.Encode(text));
        }

        return this;
    }

    /// <summary>
    /// A style sheet inside <c>&lt;style&gt;</c>, where HTML encoding does not apply: every <c>&lt;</c> becomes the CSS
    /// escape <c>\3c </c>, so the text can never close the element.
    /// </summary>
    public Html Style(string css)
    {
        _out.Append("<style>").Append(css.Replace("<", "\\3c ", StringComparison.Ordinal)).Append("</style>");
        return this;
    }

    /// <summary>The document type, which is not an element.</summary>
    public Html Doctype()
    {
        _out.Append("<!DOCTYPE html>");
        return this;
    }

    public override string ToString() => _out.ToString();

    private static string Name(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                throw new ArgumentException($"Not a plain HTML name: {name}", nameof(name));
            }
        }

        return name.Length > 0 ? name : throw new ArgumentException("An HTML name cannot be empty.", nameof(name));
    }
}
