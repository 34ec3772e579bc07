using System.Buffers;
using System.Text;

namespace Gatehouse.Core.UserPools;

/// <summary>
/// Reads RFC 4180 records one at a time from a stream of any size: quoted fields may hold commas, doubled quotes
/// and line breaks. Cognito's own form, a backslash before a comma in an unquoted field, is read too. It never holds
/// more than its read buffer and one record, which is cut off at <c>maxRecordLength</c> and reported as an error.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, int maxRecordLength)
{
    private static readonly SearchValues<char> UnquotedStops = SearchValues.Create(",\r\n\\");

    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];
    private int _position;
    private int _length;
    private bool _endOfInput;
    private bool _skipLineFeed;
    private bool _afterCarriageReturn;
    private long _nextLine = 1;
    private State _state;
    private int _recordLength;
    private bool _recordStarted;

    private enum State
    {
        FieldStart,
        Unquoted,
        Escape,
        Quoted,
        QuoteInQuoted,
    }

    /// <summary>The fields of the current record; incomplete when <see cref="Error"/> is set.</summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>The 1-based line on which the current record starts.</summary>
    public long Line { get; private set; }

    /// <summary>Why the current record is malformed, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Moves to the next non-blank record; false at the end of the input.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        StartRecord();
        while (true)
        {
            if (_position == _length && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return FinishAtEnd();
            }

            if (Parse())
            {
                return true;
            }
        }
    }

    private void StartRecord()
    {
        _fields.Clear();
        _field.Clear();
        Error = null;
        _state = State.FieldStart;
        _recordLength = 0;
        _recordStarted = false;
        Line = _nextLine;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_endOfInput)
        {
            return false;
        }

        _length = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        _position = 0;
        _endOfInput = _length == 0;
        return !_endOfInput;
    }

    /// <summary>Consumes buffered characters; true when a non-blank record has ended.</summary>
    private bool Parse()
    {
        while (_position < _length)
        {
            if (_state == State.Unquoted)
            {
                // Most of a file is plain text between commas: copy it in one run.
                var rest = _buffer.AsSpan(_position, _length - _position);
                var run = rest.IndexOfAny(UnquotedStops);
                var take = run < 0 ? rest.Length : run;
                Append(rest[..take]);
                _position += take;
                if (_position == _length)
                {
                    return false;
                }
            }

            var c = _buffer[_position++];
            if (_skipLineFeed)
            {
                // The LF of a CRLF that already ended a line.
                _skipLineFeed = false;
                if (c == '\n')
                {
                    continue;
                }
            }

            switch (_state)
            {
                case State.FieldStart when c is '\r' or '\n':
                case State.Unquoted when c is '\r' or '\n':
                case State.QuoteInQuoted when c is '\r' or '\n':
                    if (EndOfLine(c))
                    {
                        return true;
                    }

                    break;
                case State.FieldStart or State.Unquoted or State.QuoteInQuoted when c == ',':
                    _recordStarted = true;
                    EndField();
                    Count(1);
                    break;
                case State.FieldStart when c == '"':
                    _recordStarted = true;
                    _state = State.Quoted;
                    Count(1);
                    break;
                case State.FieldStart or State.Unquoted when c == '\\':
                    _recordStarted = true;
                    _state = State.Escape;
                    break;
                case State.FieldStart:
                    _state = State.Unquoted;
                    Append([c]);
                    break;
                case State.Escape when c == ',':
                    _state = State.Unquoted;
                    Append([',']);
                    break;
                case State.Escape:
                    // Only a comma is escaped; any other backslash is text.
                    _state = State.Unquoted;
                    Append(['\\']);
                    _position--;
                    break;
                case State.Quoted when c == '"':
                    _state = State.QuoteInQuoted;
                    Count(1);
                    break;
                case State.Quoted:
                    CountQuotedLine(c);
                    Append([c]);
                    break;
                case State.QuoteInQuoted when c == '"':
                    _state = State.Quoted;
                    Append(['"']);
                    break;
                case State.QuoteInQuoted:
                    Error ??= "A quoted field is followed by other characters before the next comma.";
                    _state = State.Unquoted;
                    Count(1);
                    break;
                default:
                    Append([c]);
                    break;
            }
        }

        return false;
    }

    /// <summary>A line break outside quotes: the end of a record, or of a blank line that is skipped.</summary>
    private bool EndOfLine(char c)
    {
        _nextLine++;
        _skipLineFeed = c == '\r';
        if (!_recordStarted)
        {
            StartRecord();
            return false;
        }

        EndField();
        return true;
    }

    private bool FinishAtEnd()
    {
        if (_state == State.Quoted)
        {
            Error ??= "A quoted field is not closed before the end of the file.";
        }
        else if (_state == State.Escape)
        {
            Append(['\\']);
        }

        if (!_recordStarted)
        {
            return false;
        }

        EndField();
        _recordStarted = false;
        return true;
    }

    private void EndField()
    {
        _fields.Add(_field.Length == 0 ? "" : _field.ToString());
        _field.Clear();
        _state = State.FieldStart;
    }

    private void Append(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return;
        }

        _recordStarted = true;
        Count(chars.Length);
        if (Error is null)
        {
            _field.Append(chars);
        }
    }

    private void Count(int chars)
    {
        _recordLength += chars;
        if (_recordLength > maxRecordLength && Error is null)
        {
            // Keep reading to the end of the record, but stop keeping it: a runaway quote must not fill memory.
            Error = $"The row is longer than {maxRecordLength} characters.";
            _field.Clear();
        }
    }

    // Inside quotes a line break is data, but it still moves later rows down a line; CRLF counts once.
    private void CountQuotedLine(char c)
    {
        if (c == '\r' || (c == '\n' && !_afterCarriageReturn))
        {
            _nextLine++;
        }

        _afterCarriageReturn = c == '\r';
    }
}
