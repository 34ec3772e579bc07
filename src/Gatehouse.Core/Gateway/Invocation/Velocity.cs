using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Gatehouse.Core.Gateway.Invocation;

/// <summary>A mapping template that uses a construct Gatehouse does not support, or that does not parse.</summary>
public sealed class TemplateException : Exception
{
    public TemplateException()
        : base("Invalid mapping template.")
    {
    }

    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>What a response template set in <c>$context.responseOverride</c>.</summary>
public sealed class ResponseOverride
{
    /// <summary><c>$context.responseOverride.status</c>, or null when not set.</summary>
    public int? Status { get; set; }

    /// <summary><c>$context.responseOverride.header.X</c> values by header name.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The Velocity subset API Gateway mapping templates use in practice, parsed once and rendered per request:
/// references (<c>$x</c>, <c>${x}</c>, quiet <c>$!x</c>) with properties, indexers and method calls
/// (<c>$input.json('$')</c>, <c>$input.path('$.a').b</c>, <c>$input.params('x')</c>, <c>$context.*</c>,
/// <c>$stageVariables.*</c>, <c>$util.escapeJavaScript/parseJson/urlEncode/urlDecode/base64Encode/base64Decode</c>,
/// <c>size()</c>, <c>keySet()</c>, <c>get('k')</c>, ...), <c>#set</c>, <c>#if/#elseif/#else/#end</c>,
/// <c>#foreach</c> with <c>$foreach.hasNext</c>, and comments. Anything else (<c>#macro</c>, <c>#parse</c>,
/// <c>#include</c>, <c>#define</c>, <c>#evaluate</c>, <c>#stop</c>, <c>#break</c>, unknown methods) is refused by
/// <see cref="Parse"/> with a <see cref="TemplateException"/> naming the construct, so deployments can reject it.
/// </summary>
public sealed class VelocityTemplate
{
    private const int MaxOutputChars = 10 * 1024 * 1024;
    private const int MaxIterations = 100_000;
    private static readonly ConcurrentDictionary<string, VelocityTemplate> Cache = new(StringComparer.Ordinal);

    private readonly List<Node> _nodes;

    private VelocityTemplate(List<Node> nodes) => _nodes = nodes;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="TemplateException"/> for what is not supported.</summary>
    public static VelocityTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Cache.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var parser = new Parser(text);
        List<Node> nodes;
        string? terminator;
        try
        {
            nodes = parser.ParseBlock(out terminator);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new TemplateException("The template nests too deeply.");
        }

        if (terminator is not null)
        {
            throw new TemplateException($"#{terminator} without a matching #if or #foreach");
        }

        var template = new VelocityTemplate(nodes);
        if (Cache.Count > 1000)
        {
            Cache.Clear();
        }

        Cache[text] = template;
        return template;
    }

    /// <summary>Renders the template for <paramref name="context"/>; <c>$input</c> reads <see cref="InvocationContext.Body"/>.</summary>
    public string Render(InvocationContext context) => Render(context, out _);

    /// <summary>
    /// Renders the template and reports what it set in <c>$context.responseOverride.status</c> and
    /// <c>$context.responseOverride.header.X</c> (null when nothing), which a response template uses to change the
    /// method response's status and headers.
    /// </summary>
    public string Render(InvocationContext context, out ResponseOverride? responseOverride)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scope = new Scope(context);
        var output = new StringBuilder();
        try
        {
            scope.Execute(_nodes, output);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new TemplateException("The template nests too deeply.");
        }

        responseOverride = scope.Override.Status is null && scope.Override.Headers.Count == 0 ? null : scope.Override;
        return output.ToString();
    }

    // ---------------------------------------------------------------- AST

    private abstract class Node;

    private sealed class TextNode(string text) : Node
    {
        public string Text { get; } = text;
    }

    private sealed class RefNode(Reference reference, bool quiet, string raw) : Node
    {
        public Reference Reference { get; } = reference;
        public bool Quiet { get; } = quiet;
        public string Raw { get; } = raw;
    }

    private sealed class SetNode(Reference target, Expr value) : Node
    {
        public Reference Target { get; } = target;
        public Expr Value { get; } = value;
    }

    private sealed class IfNode(List<(Expr Condition, List<Node> Body)> branches, List<Node>? otherwise) : Node
    {
        public List<(Expr Condition, List<Node> Body)> Branches { get; } = branches;
        public List<Node>? Otherwise { get; } = otherwise;
    }

    private sealed class ForeachNode(string variable, Expr source, List<Node> body) : Node
    {
        public string Variable { get; } = variable;
        public Expr Source { get; } = source;
        public List<Node> Body { get; } = body;
    }

    private abstract class Segment;

    private sealed class PropertySegment(string name) : Segment
    {
        public string Name { get; } = name;
    }

    private sealed class MethodSegment(string name, List<Expr> arguments) : Segment
    {
        public string Name { get; } = name;
        public List<Expr> Arguments { get; } = arguments;
    }

    private sealed class IndexSegment(Expr index) : Segment
    {
        public Expr Index { get; } = index;
    }

    private sealed class Reference(string root, List<Segment> segments)
    {
        public string Root { get; } = root;
        public List<Segment> Segments { get; } = segments;
    }

    private abstract class Expr;

    private sealed class LiteralExpr(object? value) : Expr
    {
        public object? Value { get; } = value;
    }

    private sealed class RefExpr(Reference reference) : Expr
    {
        public Reference Reference { get; } = reference;
    }

    private sealed class InterpolatedExpr(List<Node> nodes) : Expr
    {
        public List<Node> Nodes { get; } = nodes;
    }

    private sealed class ListExpr(List<Expr> items) : Expr
    {
        public List<Expr> Items { get; } = items;
    }

    private sealed class RangeExpr(Expr from, Expr to) : Expr
    {
        public Expr From { get; } = from;
        public Expr To { get; } = to;
    }

    private sealed class MapExpr(List<(Expr Key, Expr Value)> entries) : Expr
    {
        public List<(Expr Key, Expr Value)> Entries { get; } = entries;
    }

    private sealed class UnaryExpr(string op, Expr operand) : Expr
    {
        public string Op { get; } = op;
        public Expr Operand { get; } = operand;
    }

    private sealed class BinaryExpr(string op, Expr left, Expr right) : Expr
    {
        public string Op { get; } = op;
        public Expr Left { get; } = left;
        public Expr Right { get; } = right;
    }

    // ---------------------------------------------------------------- parser

    private static readonly HashSet<string> UnsupportedDirectives = new(StringComparer.Ordinal)
    {
        "macro", "parse", "include", "define", "evaluate", "stop", "break",
    };

    /// <summary>Every method the renderer implements; a call to any other is refused at parse time.</summary>
    private static readonly HashSet<string> KnownMethods = new(StringComparer.Ordinal)
    {
        "json", "path", "params", "escapeJavaScript", "parseJson", "urlEncode", "urlDecode", "base64Encode", "base64Decode",
        "size", "length", "isEmpty", "keySet", "values", "entrySet", "get", "containsKey", "put", "add", "contains",
        "startsWith", "endsWith", "toLowerCase", "toUpperCase", "trim", "replace", "replaceAll", "substring", "indexOf",
        "equals", "toString", "matches", "split", "getKey", "getValue",
    };

    private static readonly HashSet<string> UtilMethods = new(StringComparer.Ordinal)
    {
        "escapeJavaScript", "parseJson", "urlEncode", "urlDecode", "base64Encode", "base64Decode",
    };

    private sealed class Parser(string text)
    {
        private int _position;

        /// <summary>Nodes up to the end of the text or a block terminator (<c>#end</c>, <c>#else</c>, <c>#elseif</c>), which is returned.</summary>
        public List<Node> ParseBlock(out string? terminator)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            var nodes = new List<Node>();
            var pending = new StringBuilder();
            terminator = null;
            while (_position < text.Length)
            {
                var c = text[_position];
                if (c == '\\' && _position + 1 < text.Length && text[_position + 1] is '$' or '#')
                {
                    // \$x and \#x render as written, without the backslash.
                    pending.Append(text[_position + 1]);
                    _position += 2;
                    continue;
                }

                if (c == '#' && TryDirective(nodes, pending, out var ended))
                {
                    if (ended is not null)
                    {
                        terminator = ended;
                        break;
                    }

                    continue;
                }

                if (c == '$' && TryReference(out var reference, out var quiet, out var raw))
                {
                    Flush(nodes, pending);
                    nodes.Add(new RefNode(reference!, quiet, raw));
                    continue;
                }

                pending.Append(c);
                _position++;
            }

            Flush(nodes, pending);
            return nodes;
        }

        private static void Flush(List<Node> nodes, StringBuilder pending)
        {
            if (pending.Length > 0)
            {
                nodes.Add(new TextNode(pending.ToString()));
                pending.Clear();
            }
        }

        /// <summary>
        /// A directive or comment at <c>#</c>; false when the <c>#</c> is plain text. <paramref name="ended"/> is the
        /// terminator found (<c>end</c>, <c>else</c>, <c>elseif</c>), the position then after it.
        /// </summary>
        private bool TryDirective(List<Node> nodes, StringBuilder pending, out string? ended)
        {
            ended = null;
            var start = _position;
            if (At("##"))
            {
                var newline = text.IndexOf('\n', start);
                _position = newline < 0 ? text.Length : newline + 1;
                return true;
            }

            if (At("#*"))
            {
                var close = text.IndexOf("*#", start + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new TemplateException("Unterminated comment #* ... *#");
                }

                _position = close + 2;
                return true;
            }

            if (At("#[["))
            {
                var close = text.IndexOf("]]#", start + 3, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new TemplateException("Unterminated #[[ ... ]]#");
                }

                pending.Append(text, start + 3, close - start - 3);
                _position = close + 3;
                return true;
            }

            var position = start + 1;
            var braced = position < text.Length && text[position] == '{';
            if (braced)
            {
                position++;
            }

            var nameStart = position;
            while (position < text.Length && char.IsAsciiLetter(text[position]))
            {
                position++;
            }

            var name = text[nameStart..position];
            if (braced)
            {
                if (position >= text.Length || text[position] != '}')
                {
                    return false;
                }

                position++;
            }

            if (name.Length == 0)
            {
                return false;
            }

            var hasParen = SkipSpacesFrom(position) is var p && p < text.Length && text[p] == '(';
            if (UnsupportedDirectives.Contains(name))
            {
                throw new TemplateException($"#{name} is not supported");
            }

            if (name is not ("set" or "if" or "elseif" or "else" or "end" or "foreach"))
            {
                if (hasParen)
                {
                    throw new TemplateException($"#{name}(...) is not supported (macros are not)");
                }

                return false;
            }

            var lineStart = LineStartBefore(start);
            Flush(nodes, TrimLineIndent(pending, lineStart));
            _position = position;
            switch (name)
            {
                case "end" or "else":
                    GobbleLineEnd(lineStart);
                    ended = name;
                    return true;
                case "elseif":
                    ended = name;
                    return true;
                case "set":
                    {
                        Expect('(');
                        SkipSpaces();
                        if (!TryReference(out var target, out _, out _))
                        {
                            throw new TemplateException("#set needs a reference on its left, as in #set($x = ...)");
                        }

                        SkipSpaces();
                        Expect('=');
                        var value = ParseExpression();
                        SkipSpaces();
                        Expect(')');
                        GobbleLineEnd(lineStart);
                        nodes.Add(new SetNode(target!, value));
                        return true;
                    }

                case "if":
                    {
                        var branches = new List<(Expr, List<Node>)>();
                        List<Node>? otherwise = null;
                        var condition = ParseCondition();
                        GobbleLineEnd(lineStart);
                        while (true)
                        {
                            var body = ParseBlock(out var terminator);
                            if (terminator is null)
                            {
                                throw new TemplateException("#if without #end");
                            }

                            if (otherwise is not null)
                            {
                                throw new TemplateException("#else must be the last branch of an #if");
                            }

                            branches.Add((condition, body));
                            if (terminator == "end")
                            {
                                break;
                            }

                            if (terminator == "elseif")
                            {
                                var elseifStart = _position;
                                condition = ParseCondition();
                                GobbleLineEnd(LineStartBefore(text.LastIndexOf('#', elseifStart - 1)));
                                continue;
                            }

                            otherwise = ParseBlock(out terminator);
                            if (terminator != "end")
                            {
                                throw new TemplateException(terminator is null ? "#if without #end" : $"#{terminator} after #else");
                            }

                            break;
                        }

                        nodes.Add(new IfNode(branches, otherwise));
                        return true;
                    }

                default:
                    {
                        Expect('(');
                        SkipSpaces();
                        if (!TryReference(out var variable, out _, out _) || variable!.Segments.Count > 0)
                        {
                            throw new TemplateException("#foreach needs a variable, as in #foreach($item in $list)");
                        }

                        SkipSpaces();
                        if (!At("in") || _position + 2 >= text.Length || char.IsAsciiLetterOrDigit(text[_position + 2]))
                        {
                            throw new TemplateException("#foreach needs 'in', as in #foreach($item in $list)");
                        }

                        _position += 2;
                        var source = ParseExpression();
                        SkipSpaces();
                        Expect(')');
                        GobbleLineEnd(lineStart);
                        var body = ParseBlock(out var terminator);
                        if (terminator != "end")
                        {
                            throw new TemplateException(terminator is null ? "#foreach without #end" : $"#{terminator} inside #foreach without #if");
                        }

                        nodes.Add(new ForeachNode(variable.Root, source, body));
                        return true;
                    }
            }
        }

        private Expr ParseCondition()
        {
            SkipSpaces();
            Expect('(');
            var condition = ParseExpression();
            SkipSpaces();
            Expect(')');
            return condition;
        }

        /// <summary>True when only spaces or tabs stand between the line's start and <paramref name="index"/>.</summary>
        private bool LineStartBefore(int index)
        {
            var i = index - 1;
            while (i >= 0 && text[i] is ' ' or '\t')
            {
                i--;
            }

            return i < 0 || text[i] == '\n';
        }

        private static StringBuilder TrimLineIndent(StringBuilder pending, bool lineStart)
        {
            if (lineStart)
            {
                var length = pending.Length;
                while (length > 0 && pending[length - 1] is ' ' or '\t')
                {
                    length--;
                }

                pending.Length = length;
            }

            return pending;
        }

        /// <summary>A directive alone on its line takes the line's end with it, so it leaves no blank line behind.</summary>
        private void GobbleLineEnd(bool lineStart)
        {
            if (!lineStart)
            {
                return;
            }

            var i = _position;
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < text.Length && text[i] == '\r')
            {
                i++;
            }

            if (i >= text.Length)
            {
                _position = i;
            }
            else if (text[i] == '\n')
            {
                _position = i + 1;
            }
        }

        /// <summary>A reference at <c>$</c>; false (nothing consumed) when the <c>$</c> is plain text.</summary>
        private bool TryReference(out Reference? reference, out bool quiet, out string raw)
        {
            reference = null;
            raw = "";
            var start = _position;
            var position = start + 1;
            quiet = position < text.Length && text[position] == '!';
            if (quiet)
            {
                position++;
            }

            var braced = position < text.Length && text[position] == '{';
            if (braced)
            {
                position++;
            }

            if (position >= text.Length || !(char.IsAsciiLetter(text[position]) || text[position] == '_'))
            {
                return false;
            }

            _position = position;
            var root = Identifier();
            var segments = new List<Segment>();
            while (_position < text.Length)
            {
                var c = text[_position];
                if (c == '.' && _position + 1 < text.Length && (char.IsAsciiLetter(text[_position + 1]) || text[_position + 1] == '_'))
                {
                    _position++;
                    var name = Identifier();
                    if (_position < text.Length && text[_position] == '(')
                    {
                        _position++;
                        var arguments = new List<Expr>();
                        SkipSpaces();
                        if (_position < text.Length && text[_position] == ')')
                        {
                            _position++;
                        }
                        else
                        {
                            while (true)
                            {
                                arguments.Add(ParseExpression());
                                SkipSpaces();
                                if (_position < text.Length && text[_position] == ',')
                                {
                                    _position++;
                                    continue;
                                }

                                Expect(')');
                                break;
                            }
                        }

                        if (!KnownMethods.Contains(name) || (root == "util" && segments.Count == 0 && !UtilMethods.Contains(name)))
                        {
                            throw new TemplateException($"the method {(root == "util" && segments.Count == 0 ? "$util." : "")}{name}() is not supported");
                        }

                        segments.Add(new MethodSegment(name, arguments));
                    }
                    else
                    {
                        if (root == "util" && segments.Count == 0)
                        {
                            throw new TemplateException($"$util.{name} is not supported");
                        }

                        segments.Add(new PropertySegment(name));
                    }
                }
                else if (c == '[')
                {
                    _position++;
                    var index = ParseExpression();
                    SkipSpaces();
                    Expect(']');
                    segments.Add(new IndexSegment(index));
                }
                else
                {
                    break;
                }
            }

            if (braced)
            {
                if (_position >= text.Length || text[_position] != '}')
                {
                    throw new TemplateException($"'}}' expected to close the reference at offset {start}");
                }

                _position++;
            }

            reference = new Reference(root, segments);
            raw = text[start.._position];
            return true;
        }

        private string Identifier()
        {
            var start = _position;
            while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] == '_'))
            {
                _position++;
            }

            return text[start.._position];
        }

        private Expr ParseExpression() => ParseOr();

        private Expr ParseOr()
        {
            var left = ParseAnd();
            while (TryOperator("||", "or"))
            {
                left = new BinaryExpr("||", left, ParseAnd());
            }

            return left;
        }

        private Expr ParseAnd()
        {
            var left = ParseEquality();
            while (TryOperator("&&", "and"))
            {
                left = new BinaryExpr("&&", left, ParseEquality());
            }

            return left;
        }

        private Expr ParseEquality()
        {
            var left = ParseRelational();
            while (true)
            {
                if (TryOperator("==", "eq"))
                {
                    left = new BinaryExpr("==", left, ParseRelational());
                }
                else if (TryOperator("!=", "ne"))
                {
                    left = new BinaryExpr("!=", left, ParseRelational());
                }
                else
                {
                    return left;
                }
            }
        }

        private Expr ParseRelational()
        {
            var left = ParseAdditive();
            while (true)
            {
                if (TryOperator("<=", "le"))
                {
                    left = new BinaryExpr("<=", left, ParseAdditive());
                }
                else if (TryOperator(">=", "ge"))
                {
                    left = new BinaryExpr(">=", left, ParseAdditive());
                }
                else if (TryOperator("<", "lt"))
                {
                    left = new BinaryExpr("<", left, ParseAdditive());
                }
                else if (TryOperator(">", "gt"))
                {
                    left = new BinaryExpr(">", left, ParseAdditive());
                }
                else
                {
                    return left;
                }
            }
        }

        private Expr ParseAdditive()
        {
            var left = ParseMultiplicative();
            while (true)
            {
                if (TryOperator("+", null))
                {
                    left = new BinaryExpr("+", left, ParseMultiplicative());
                }
                else if (TryOperator("-", null))
                {
                    left = new BinaryExpr("-", left, ParseMultiplicative());
                }
                else
                {
                    return left;
                }
            }
        }

        private Expr ParseMultiplicative()
        {
            var left = ParseUnary();
            while (true)
            {
                if (TryOperator("*", null))
                {
                    left = new BinaryExpr("*", left, ParseUnary());
                }
                else if (TryOperator("/", null))
                {
                    left = new BinaryExpr("/", left, ParseUnary());
                }
                else if (TryOperator("%", null))
                {
                    left = new BinaryExpr("%", left, ParseUnary());
                }
                else
                {
                    return left;
                }
            }
        }

        private Expr ParseUnary()
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            SkipSpaces();
            if (_position < text.Length && text[_position] == '!' && !At("!="))
            {
                _position++;
                return new UnaryExpr("!", ParseUnary());
            }

            if (TryWord("not"))
            {
                return new UnaryExpr("!", ParseUnary());
            }

            if (_position < text.Length && text[_position] == '-' && _position + 1 < text.Length && !char.IsAsciiDigit(text[_position + 1]))
            {
                _position++;
                return new UnaryExpr("-", ParseUnary());
            }

            return ParsePrimary();
        }

        private Expr ParsePrimary()
        {
            SkipSpaces();
            if (_position >= text.Length)
            {
                throw new TemplateException("An expression ends too early");
            }

            var c = text[_position];
            switch (c)
            {
                case '(':
                    {
                        _position++;
                        var inner = ParseExpression();
                        SkipSpaces();
                        Expect(')');
                        return inner;
                    }

                case '$':
                    if (TryReference(out var reference, out _, out _))
                    {
                        return new RefExpr(reference!);
                    }

                    throw new TemplateException($"A reference is expected at offset {_position}");
                case '\'':
                    {
                        var close = text.IndexOf('\'', _position + 1);
                        if (close < 0)
                        {
                            throw new TemplateException("Unterminated string literal");
                        }

                        var value = text[(_position + 1)..close];
                        _position = close + 1;
                        return new LiteralExpr(value);
                    }

                case '"':
                    {
                        var close = text.IndexOf('"', _position + 1);
                        if (close < 0)
                        {
                            throw new TemplateException("Unterminated string literal");
                        }

                        var value = text[(_position + 1)..close];
                        _position = close + 1;
                        if (!value.Contains('$', StringComparison.Ordinal) && !value.Contains('#', StringComparison.Ordinal))
                        {
                            return new LiteralExpr(value);
                        }

                        var inner = new Parser(value).ParseBlock(out var terminator);
                        if (terminator is not null)
                        {
                            throw new TemplateException($"#{terminator} inside a string literal");
                        }

                        return new InterpolatedExpr(inner);
                    }

                case '[':
                    {
                        _position++;
                        var items = new List<Expr>();
                        SkipSpaces();
                        if (_position < text.Length && text[_position] == ']')
                        {
                            _position++;
                            return new ListExpr(items);
                        }

                        var first = ParseExpression();
                        SkipSpaces();
                        if (At(".."))
                        {
                            _position += 2;
                            var to = ParseExpression();
                            SkipSpaces();
                            Expect(']');
                            return new RangeExpr(first, to);
                        }

                        items.Add(first);
                        while (true)
                        {
                            SkipSpaces();
                            if (_position < text.Length && text[_position] == ',')
                            {
                                _position++;
                                items.Add(ParseExpression());
                                continue;
                            }

                            Expect(']');
                            return new ListExpr(items);
                        }
                    }

                case '{':
                    {
                        _position++;
                        var entries = new List<(Expr, Expr)>();
                        SkipSpaces();
                        if (_position < text.Length && text[_position] == '}')
                        {
                            _position++;
                            return new MapExpr(entries);
                        }

                        while (true)
                        {
                            var key = ParseExpression();
                            SkipSpaces();
                            Expect(':');
                            entries.Add((key, ParseExpression()));
                            SkipSpaces();
                            if (_position < text.Length && text[_position] == ',')
                            {
                                _position++;
                                continue;
                            }

                            Expect('}');
                            return new MapExpr(entries);
                        }
                    }
            }

            if (char.IsAsciiDigit(c) || c == '-')
            {
                var start = _position;
                _position++;
                while (_position < text.Length && char.IsAsciiDigit(text[_position]))
                {
                    _position++;
                }

                if (_position + 1 < text.Length && text[_position] == '.' && char.IsAsciiDigit(text[_position + 1]))
                {
                    _position++;
                    while (_position < text.Length && char.IsAsciiDigit(text[_position]))
                    {
                        _position++;
                    }

                    return new LiteralExpr(double.Parse(text.AsSpan(start, _position - start), CultureInfo.InvariantCulture));
                }

                return new LiteralExpr(long.Parse(text.AsSpan(start, _position - start), CultureInfo.InvariantCulture));
            }

            if (TryWord("true"))
            {
                return new LiteralExpr(true);
            }

            if (TryWord("false"))
            {
                return new LiteralExpr(false);
            }

            if (TryWord("null"))
            {
                return new LiteralExpr(null);
            }

            throw new TemplateException($"Unexpected '{c}' in an expression at offset {_position}");
        }

        private bool TryOperator(string symbol, string? word)
        {
            SkipSpaces();
            if (At(symbol))
            {
                // '<' must not take the '=' of '<=', nor '=' start '=='.
                if (symbol.Length == 1 && _position + 1 < text.Length && text[_position + 1] == '=' && symbol is "<" or ">" or "!")
                {
                    return false;
                }

                _position += symbol.Length;
                return true;
            }

            return word is not null && TryWord(word);
        }

        private bool TryWord(string word)
        {
            SkipSpaces();
            if (At(word) && (_position + word.Length >= text.Length || !char.IsAsciiLetterOrDigit(text[_position + word.Length])))
            {
                _position += word.Length;
                return true;
            }

            return false;
        }

        private bool At(string token) => string.CompareOrdinal(text, _position, token, 0, token.Length) == 0;

        private void Expect(char c)
        {
            SkipSpaces();
            if (_position >= text.Length || text[_position] != c)
            {
                throw new TemplateException($"'{c}' expected at offset {_position}");
            }

            _position++;
        }

        private void SkipSpaces() => _position = SkipSpacesFrom(_position);

        private int SkipSpacesFrom(int position)
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            return position;
        }
    }

    // ---------------------------------------------------------------- evaluation

    /// <summary><c>$context.a.b</c> as it is walked: a path resolved by <see cref="InvocationContext.Variable"/> when used.</summary>
    private sealed record ContextPath(string Path);

    private sealed record InputObject;

    private sealed record UtilObject;

    private sealed class ForeachState
    {
        public int Index { get; set; }
        public int Count { get; set; }
    }

    private sealed class Scope(InvocationContext context)
    {
        private readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);

        public ResponseOverride Override { get; } = new();
        private readonly Dictionary<string, object?> _stageVariables = context.StageVariables.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
        private int _iterations;
        private object? _body;
        private bool _bodyParsed;

        public void Execute(List<Node> nodes, StringBuilder output)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            foreach (var node in nodes)
            {
                switch (node)
                {
                    case TextNode text:
                        output.Append(text.Text);
                        break;
                    case RefNode reference:
                        {
                            var value = Evaluate(reference.Reference);
                            output.Append(value is null ? reference.Quiet || IsBuiltIn(reference.Reference.Root) ? "" : reference.Raw : Text(value));
                            break;
                        }

                    case SetNode set:
                        Assign(set.Target, Evaluate(set.Value));
                        break;
                    case IfNode branch:
                        {
                            var taken = false;
                            foreach (var (condition, body) in branch.Branches)
                            {
                                if (Truthy(Evaluate(condition)))
                                {
                                    Execute(body, output);
                                    taken = true;
                                    break;
                                }
                            }

                            if (!taken && branch.Otherwise is { } otherwise)
                            {
                                Execute(otherwise, output);
                            }

                            break;
                        }

                    case ForeachNode loop:
                        Loop(loop, output);
                        break;
                }

                if (output.Length > MaxOutputChars)
                {
                    throw new TemplateException("The template's output is over the payload limit.");
                }
            }
        }

        private void Loop(ForeachNode loop, StringBuilder output)
        {
            var items = Evaluate(loop.Source) switch
            {
                List<object?> list => list.ToList(),
                Dictionary<string, object?> map => map.Values.ToList(),
                null => [],
                var single => [single],
            };
            var outerItem = _variables.GetValueOrDefault(loop.Variable);
            var hadItem = _variables.ContainsKey(loop.Variable);
            var outerState = _variables.GetValueOrDefault("foreach");
            var state = new ForeachState { Count = items.Count };
            _variables["foreach"] = state;
            for (var i = 0; i < items.Count; i++)
            {
                if (++_iterations > MaxIterations)
                {
                    throw new TemplateException("The template loops too often.");
                }

                state.Index = i;
                _variables[loop.Variable] = items[i];
                _variables["velocityCount"] = (long)(i + 1);
                Execute(loop.Body, output);
            }

            _variables["foreach"] = outerState;
            if (hadItem)
            {
                _variables[loop.Variable] = outerItem;
            }
            else
            {
                _variables.Remove(loop.Variable);
            }
        }

        private void Assign(Reference target, object? value)
        {
            // Velocity 1.7 (API Gateway's) leaves the left side as it was when the right side is null.
            if (value is null)
            {
                return;
            }

            if (target.Segments.Count == 0)
            {
                _variables[target.Root] = value;
                return;
            }

            if (target.Root == "context" && target.Segments is [PropertySegment { Name: "responseOverride" }, PropertySegment { Name: var field }, ..] overrides)
            {
                if (field == "status" && overrides.Count == 2 && ToLong(value) is { } status and >= 100 and <= 599)
                {
                    Override.Status = (int)status;
                }
                else if (field == "header" && overrides.Count == 3)
                {
                    var name = overrides[2] switch
                    {
                        PropertySegment property => property.Name,
                        IndexSegment index => Text(Evaluate(index.Index)),
                        _ => null,
                    };
                    if (!string.IsNullOrEmpty(name))
                    {
                        Override.Headers[name] = Text(value);
                    }
                }

                return;
            }

            var container = Walk(Root(target.Root), target.Segments.Take(target.Segments.Count - 1));
            var key = target.Segments[^1] switch
            {
                PropertySegment property => property.Name,
                IndexSegment index => Evaluate(index.Index),
                _ => null,
            };
            switch (container)
            {
                case Dictionary<string, object?> map when key is not null:
                    map[Text(key)] = value;
                    break;
                case List<object?> list when ToLong(key) is { } position && position >= 0 && position < list.Count:
                    list[(int)position] = value;
                    break;
            }
        }

        private static bool IsBuiltIn(string root) => root is "input" or "context" or "util" or "stageVariables";

        private object? Root(string name) => name switch
        {
            "input" => new InputObject(),
            "context" => new ContextPath(""),
            "util" => new UtilObject(),
            "stageVariables" => _stageVariables,
            _ => _variables.GetValueOrDefault(name),
        };

        private object? Evaluate(Reference reference) => Resolve(Walk(Root(reference.Root), reference.Segments));

        private object? Walk(object? value, IEnumerable<Segment> segments)
        {
            foreach (var segment in segments)
            {
                value = segment switch
                {
                    PropertySegment property => Property(value, property.Name),
                    IndexSegment index => Index(value, Evaluate(index.Index)),
                    MethodSegment method => Call(value, method.Name, method.Arguments.Select(Evaluate).ToList()),
                    _ => null,
                };
                if (value is null)
                {
                    return null;
                }
            }

            return value;
        }

        /// <summary>A <c>$context</c> path as its value, at the end of a reference or before a method call.</summary>
        private object? Resolve(object? value) =>
            value is ContextPath path ? context.Variable(path.Path) : value;

        private object? Property(object? target, string name) => target switch
        {
            ContextPath path => new ContextPath(path.Path.Length == 0 ? name : path.Path + "." + name),
            InputObject when name == "body" => context.Body,
            Dictionary<string, object?> map => map.GetValueOrDefault(name),
            ForeachState state => name switch
            {
                "hasNext" => state.Index < state.Count - 1,
                "index" => (long)state.Index,
                "count" => (long)state.Index + 1,
                "first" => state.Index == 0,
                "last" => state.Index == state.Count - 1,
                _ => null,
            },
            KeyValuePair<string, object?> entry => name switch
            {
                "key" => entry.Key,
                "value" => entry.Value,
                _ => null,
            },
            _ => null,
        };

        private object? Index(object? target, object? index) => target switch
        {
            ContextPath or Dictionary<string, object?> => Property(target, Text(index)),
            List<object?> list when ToLong(index) is { } position => position >= 0 && position < list.Count ? list[(int)position] : null,
            _ => null,
        };

        private object? Call(object? target, string name, List<object?> arguments)
        {
            var first = arguments.Count > 0 ? arguments[0] : null;
            switch (target)
            {
                case InputObject:
                    return name switch
                    {
                        "json" => JsonPathText(Text(first)),
                        "path" => JsonPathValue(Text(first)),
                        "params" when arguments.Count == 0 => new Dictionary<string, object?>(StringComparer.Ordinal)
                        {
                            ["path"] = ToMap(context.PathParameters),
                            ["querystring"] = ToMap(context.Query),
                            ["header"] = ToMap(context.Headers),
                        },
                        "params" => context.PathParameters.GetValueOrDefault(Text(first))
                            ?? context.Query.GetValueOrDefault(Text(first)) ?? context.Headers.GetValueOrDefault(Text(first)) ?? "",
                        _ => null,
                    };
                case UtilObject:
                    var text = Text(first);
                    return name switch
                    {
                        "escapeJavaScript" => EscapeJavaScript(text),
                        "parseJson" => ParseJson(text),
                        "urlEncode" => UrlEncode(text),
                        "urlDecode" => UrlDecode(text),
                        "base64Encode" => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)),
                        "base64Decode" => Base64Decode(text),
                        _ => null,
                    };
                case ContextPath:
                    return Call(Resolve(target), name, arguments);
                case null:
                    return null;
            }

            if (name == "toString")
            {
                return Text(target);
            }

            if (name == "equals")
            {
                return AreEqual(target, first);
            }

            switch (target)
            {
                case string s:
                    return name switch
                    {
                        "size" or "length" => (long)s.Length,
                        "isEmpty" => s.Length == 0,
                        "contains" => s.Contains(Text(first), StringComparison.Ordinal),
                        "startsWith" => s.StartsWith(Text(first), StringComparison.Ordinal),
                        "endsWith" => s.EndsWith(Text(first), StringComparison.Ordinal),
                        "toLowerCase" => s.ToLowerInvariant(),
                        "toUpperCase" => s.ToUpperInvariant(),
                        "trim" => s.Trim(),
                        "replace" => s.Replace(Text(first), Text(arguments.ElementAtOrDefault(1)), StringComparison.Ordinal),
                        "replaceAll" => Regex(s, Text(first), Text(arguments.ElementAtOrDefault(1))),
                        "matches" => System.Text.RegularExpressions.Regex.IsMatch(s, $@"\A(?:{Text(first)})\z", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100)),
                        "indexOf" => (long)s.IndexOf(Text(first), StringComparison.Ordinal),
                        "substring" => Substring(s, ToLong(first), ToLong(arguments.ElementAtOrDefault(1))),
                        "split" => System.Text.RegularExpressions.Regex.Split(s, Text(first), System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100)).Select(p => (object?)p).ToList(),
                        _ => null,
                    };
                case List<object?> list:
                    return name switch
                    {
                        "size" => (long)list.Count,
                        "isEmpty" => list.Count == 0,
                        "get" => ToLong(first) is { } i && i >= 0 && i < list.Count ? list[(int)i] : null,
                        "contains" => list.Any(item => AreEqual(item, first)),
                        "add" => Add(list, first),
                        _ => null,
                    };
                case Dictionary<string, object?> map:
                    return name switch
                    {
                        "size" => (long)map.Count,
                        "isEmpty" => map.Count == 0,
                        "keySet" => map.Keys.Select(k => (object?)k).ToList(),
                        "values" => map.Values.ToList(),
                        "entrySet" => map.Select(e => (object?)e).ToList(),
                        "get" => map.GetValueOrDefault(Text(first)),
                        "containsKey" => map.ContainsKey(Text(first)),
                        "put" => Put(map, Text(first), arguments.ElementAtOrDefault(1)),
                        _ => null,
                    };
                case KeyValuePair<string, object?> entry:
                    return name switch
                    {
                        "getKey" => entry.Key,
                        "getValue" => entry.Value,
                        _ => null,
                    };
                default:
                    return null;
            }
        }

        private static bool Add(List<object?> list, object? item)
        {
            list.Add(item);
            return true;
        }

        private static object? Put(Dictionary<string, object?> map, string key, object? value)
        {
            var previous = map.GetValueOrDefault(key);
            map[key] = value;
            return previous;
        }

        private static string? Substring(string s, long? from, long? to)
        {
            var start = (int)Math.Clamp(from ?? 0, 0, s.Length);
            var end = (int)Math.Clamp(to ?? s.Length, start, s.Length);
            return s[start..end];
        }

        private static string Regex(string s, string pattern, string replacement)
        {
            // Java's $1 group references read the same in .NET.
            return System.Text.RegularExpressions.Regex.Replace(s, pattern, replacement, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100));
        }

        private object? Evaluate(Expr expression)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (expression)
            {
                case LiteralExpr literal:
                    return literal.Value;
                case RefExpr reference:
                    return Evaluate(reference.Reference);
                case InterpolatedExpr interpolated:
                    {
                        var builder = new StringBuilder();
                        Execute(interpolated.Nodes, builder);
                        return builder.ToString();
                    }

                case ListExpr list:
                    return list.Items.Select(Evaluate).ToList();
                case RangeExpr range:
                    {
                        var from = ToLong(Evaluate(range.From)) ?? 0;
                        var to = ToLong(Evaluate(range.To)) ?? 0;
                        if (Math.Abs(to - from) > MaxIterations)
                        {
                            throw new TemplateException("The range is too large.");
                        }

                        var step = from <= to ? 1 : -1;
                        var items = new List<object?>();
                        for (var i = from; i != to + step; i += step)
                        {
                            items.Add(i);
                        }

                        return items;
                    }

                case MapExpr map:
                    {
                        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                        foreach (var (key, value) in map.Entries)
                        {
                            result[Text(Evaluate(key))] = Evaluate(value);
                        }

                        return result;
                    }

                case UnaryExpr unary:
                    {
                        var operand = Evaluate(unary.Operand);
                        return unary.Op == "!" ? !Truthy(operand) : Arithmetic("-", 0L, operand);
                    }

                case BinaryExpr binary:
                    switch (binary.Op)
                    {
                        case "&&":
                            return Truthy(Evaluate(binary.Left)) && Truthy(Evaluate(binary.Right));
                        case "||":
                            return Truthy(Evaluate(binary.Left)) || Truthy(Evaluate(binary.Right));
                    }

                    var left = Evaluate(binary.Left);
                    var right = Evaluate(binary.Right);
                    return binary.Op switch
                    {
                        "==" => AreEqual(left, right),
                        "!=" => !AreEqual(left, right),
                        "<" or "<=" or ">" or ">=" => Compare(binary.Op, left, right),
                        _ => Arithmetic(binary.Op, left, right),
                    };
                default:
                    return null;
            }
        }

        private static bool Truthy(object? value) => value switch
        {
            null => false,
            bool b => b,
            _ => true,
        };

        private static bool AreEqual(object? left, object? right)
        {
            if (left is null || right is null)
            {
                return left is null && right is null;
            }

            if (ToDouble(left) is { } a && ToDouble(right) is { } b && left is not string && right is not string)
            {
                return a == b;
            }

            // Velocity compares values of different classes by their string forms.
            return Text(left) == Text(right);
        }

        private static bool Compare(string op, object? left, object? right)
        {
            int order;
            if (ToDouble(left) is { } a && ToDouble(right) is { } b && left is not string && right is not string)
            {
                order = a.CompareTo(b);
            }
            else if (left is null || right is null)
            {
                return false;
            }
            else
            {
                order = string.CompareOrdinal(Text(left), Text(right));
            }

            return op switch
            {
                "<" => order < 0,
                "<=" => order <= 0,
                ">" => order > 0,
                _ => order >= 0,
            };
        }

        private static object? Arithmetic(string op, object? left, object? right)
        {
            if (left is long x && right is long y)
            {
                return op switch
                {
                    "+" => x + y,
                    "-" => x - y,
                    "*" => x * y,
                    "/" => y == 0 ? null : x / y,
                    _ => y == 0 ? null : x % y,
                };
            }

            if (ToDouble(left) is { } a && ToDouble(right) is { } b && left is not string && right is not string)
            {
                return op switch
                {
                    "+" => a + b,
                    "-" => a - b,
                    "*" => a * b,
                    "/" => b == 0 ? null : a / b,
                    _ => b == 0 ? null : a % b,
                };
            }

            return op == "+" && (left is string || right is string) && left is not null && right is not null ? Text(left) + Text(right) : null;
        }

        private static double? ToDouble(object? value) => value switch
        {
            long l => l,
            double d => d,
            int i => i,
            _ => null,
        };

        private static long? ToLong(object? value) => value switch
        {
            long l => l,
            int i => i,
            double d => (long)d,
            string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };

        private static Dictionary<string, object?> ToMap(IReadOnlyDictionary<string, string> values) =>
            values.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);

        private object? ParsedBody()
        {
            if (!_bodyParsed)
            {
                _bodyParsed = true;
                _body = string.IsNullOrWhiteSpace(context.Body) ? new Dictionary<string, object?>(StringComparer.Ordinal) : ParseJson(context.Body);
            }

            return _body;
        }

        /// <summary><c>$input.path(...)</c>: the value the JSONPath selects, to walk further (<c>$input.path('$').a</c>).</summary>
        private object? JsonPathValue(string path) => Select(ParsedBody(), path);

        /// <summary><c>$input.json(...)</c>: the selection as JSON text; <c>{}</c> for an empty body.</summary>
        private string JsonPathText(string path)
        {
            if (string.IsNullOrWhiteSpace(context.Body))
            {
                return "{}";
            }

            var value = Select(ParsedBody(), path);
            return value is null && ParsedBody() is null ? "" : JsonText(value);
        }

        /// <summary>A JSONPath of <c>$</c>, <c>.name</c>, <c>['name']</c> and <c>[n]</c> steps.</summary>
        private static object? Select(object? root, string path)
        {
            var value = root;
            var i = path.StartsWith('$') ? 1 : 0;
            while (i < path.Length && value is not null)
            {
                if (path[i] == '.')
                {
                    var start = ++i;
                    while (i < path.Length && path[i] is not ('.' or '['))
                    {
                        i++;
                    }

                    value = value is Dictionary<string, object?> map ? map.GetValueOrDefault(path[start..i]) : null;
                }
                else if (path[i] == '[')
                {
                    var close = path.IndexOf(']', i);
                    if (close < 0)
                    {
                        return null;
                    }

                    var key = path[(i + 1)..close].Trim();
                    i = close + 1;
                    if (key.Length >= 2 && key[0] is '\'' or '"')
                    {
                        value = value is Dictionary<string, object?> map ? map.GetValueOrDefault(key[1..^1]) : null;
                    }
                    else if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    {
                        value = value is List<object?> list && index < list.Count ? list[index] : null;
                    }
                    else
                    {
                        return null;
                    }
                }
                else
                {
                    return null;
                }
            }

            return value;
        }

        private static object? ParseJson(string text)
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(text);
                return FromJson(document.RootElement);
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }

        private static object? FromJson(System.Text.Json.JsonElement element) => element.ValueKind switch
        {
            System.Text.Json.JsonValueKind.Object => element.EnumerateObject().Aggregate(
                new Dictionary<string, object?>(StringComparer.Ordinal), (map, p) => { map[p.Name] = FromJson(p.Value); return map; }),
            System.Text.Json.JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
            System.Text.Json.JsonValueKind.String => element.GetString(),
            System.Text.Json.JsonValueKind.Number => element.TryGetInt64(out var l) ? (object)l : element.GetDouble(),
            System.Text.Json.JsonValueKind.True => true,
            System.Text.Json.JsonValueKind.False => false,
            _ => null,
        };

        private static string JsonText(object? value)
        {
            var builder = new StringBuilder();
            WriteJson(builder, value);
            return builder.ToString();
        }

        private static void WriteJson(StringBuilder builder, object? value)
        {
            switch (value)
            {
                case null:
                    builder.Append("null");
                    break;
                case string s:
                    builder.Append(System.Text.Json.JsonSerializer.Serialize(s, CoreJsonStrings.Default.String));
                    break;
                case bool b:
                    builder.Append(b ? "true" : "false");
                    break;
                case Dictionary<string, object?> map:
                    builder.Append('{');
                    var first = true;
                    foreach (var (key, item) in map)
                    {
                        builder.Append(first ? "" : ",").Append(System.Text.Json.JsonSerializer.Serialize(key, CoreJsonStrings.Default.String)).Append(':');
                        WriteJson(builder, item);
                        first = false;
                    }

                    builder.Append('}');
                    break;
                case List<object?> list:
                    builder.Append('[');
                    for (var i = 0; i < list.Count; i++)
                    {
                        builder.Append(i == 0 ? "" : ",");
                        WriteJson(builder, list[i]);
                    }

                    builder.Append(']');
                    break;
                default:
                    builder.Append(Text(value));
                    break;
            }
        }

        /// <summary>A value as Velocity (Java) prints it: maps as <c>{a=1, b=2}</c>, lists as <c>[a, b]</c>.</summary>
        private static string Text(object? value) => value switch
        {
            null => "",
            string s => s,
            bool b => b ? "true" : "false",
            long l => l.ToString(CultureInfo.InvariantCulture),
            double d => double.IsInteger(d) && Math.Abs(d) < 1e7 ? d.ToString("0.0", CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture),
            List<object?> list => "[" + string.Join(", ", list.Select(Text)) + "]",
            Dictionary<string, object?> map => "{" + string.Join(", ", map.Select(p => p.Key + "=" + Text(p.Value))) + "}",
            KeyValuePair<string, object?> entry => entry.Key + "=" + Text(entry.Value),
            ForeachState => "",
            _ => value.ToString() ?? "",
        };

        /// <summary>Apache Commons' <c>StringEscapeUtils.escapeJavaScript</c>, which API Gateway's <c>$util.escapeJavaScript</c> is.</summary>
        private static string EscapeJavaScript(string text)
        {
            var builder = new StringBuilder(text.Length + 16);
            foreach (var c in text)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\'': builder.Append("\\'"); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '/': builder.Append("\\/"); break;
                    case '\b': builder.Append("\\b"); break;
                    case '\f': builder.Append("\\f"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (c < 32 || c > 0x7f)
                        {
                            builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            return builder.ToString();
        }

        /// <summary>Java's <c>URLEncoder.encode(s, "UTF-8")</c>: spaces as <c>+</c>, <c>.-*_</c> kept.</summary>
        private static string UrlEncode(string text)
        {
            var builder = new StringBuilder(text.Length + 16);
            foreach (var b in Encoding.UTF8.GetBytes(text))
            {
                var c = (char)b;
                if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '*' or '_')
                {
                    builder.Append(c);
                }
                else if (c == ' ')
                {
                    builder.Append('+');
                }
                else
                {
                    builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }

            return builder.ToString();
        }

        private static string UrlDecode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

        private static string? Base64Decode(string text)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(text));
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
