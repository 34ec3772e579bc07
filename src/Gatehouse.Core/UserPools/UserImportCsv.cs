using System.Text.RegularExpressions;

namespace Gatehouse.Core.UserPools;

/// <summary>
/// Cognito's user import file: the header GetCSVHeader describes, then one user a row. Rows are read one at a time
/// and each becomes a new RESET_REQUIRED user without a password and with a fresh <c>sub</c>, or a reason it cannot.
/// </summary>
public sealed partial class UserImportCsv
{
    /// <summary>Cognito's limit on one row, in characters.</summary>
    public const int MaxRowLength = 16_000;

    public const string UsernameColumn = "cognito:username";
    public const string MfaEnabledColumn = "cognito:mfa_enabled";

    // The standard attributes, in the order GetCSVHeader lists them; sub and identities cannot be imported.
    private static readonly string[] StandardColumns =
    [
        "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture",
        "website", "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number",
        "phone_number_verified", "address", "updated_at", MfaEnabledColumn, UsernameColumn,
    ];

    private readonly UserPool _pool;
    private readonly CsvRecordReader _records;
    private readonly IdGenerator _ids;
    private readonly TimeProvider _time;
    private readonly string[] _columns;
    private readonly int _username;
    private readonly int _mfaEnabled;

    private UserImportCsv(UserPool pool, CsvRecordReader records, IdGenerator ids, TimeProvider time, string[] columns)
    {
        _pool = pool;
        _records = records;
        _ids = ids;
        _time = time;
        _columns = columns;
        _username = Array.IndexOf(columns, UsernameColumn);
        _mfaEnabled = Array.IndexOf(columns, MfaEnabledColumn);
    }

    /// <summary>The columns of a pool's import file: GetCSVHeader's answer.</summary>
    public static List<string> Header(UserPool pool)
    {
        var header = new List<string>(StandardColumns);
        foreach (var attribute in pool.SchemaAttributes ?? [])
        {
            if (attribute.Name is { } name && name.StartsWith("custom:", StringComparison.Ordinal))
            {
                header.Add(name);
            }
        }

        return header;
    }

    /// <summary>
    /// Why the pool cannot take an import at all, or null. Cognito will not start a job for a pool without an
    /// auto-verified attribute, since imported users could never reset their password.
    /// </summary>
    public static string? CheckPool(UserPool pool) =>
        pool.AutoVerifiedAttributes is { Count: > 0 }
            ? null
            : "The user pool must have an auto-verified attribute (email or phone_number) to import users.";

    /// <summary>Reads and checks the header row. An unusable header is an <see cref="InvalidDataException"/>.</summary>
    public static async Task<UserImportCsv> OpenAsync(UserPool pool, TextReader reader, IdGenerator ids, TimeProvider time, CancellationToken cancellationToken)
    {
        var records = new CsvRecordReader(reader, MaxRowLength);
        if (!await records.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidDataException("The CSV file is empty: its first row must be the header.");
        }

        if (records.Error is { } error)
        {
            throw new InvalidDataException($"The header row cannot be read: {error}");
        }

        var columns = records.Fields.Select(f => f.Trim()).ToArray();
        var expected = Header(pool);
        foreach (var column in columns)
        {
            if (!expected.Contains(column))
            {
                throw new InvalidDataException($"The header has a column that is not an attribute of the user pool: {column}");
            }
        }

        foreach (var column in expected)
        {
            var count = columns.Count(c => c == column);
            if (count != 1)
            {
                throw new InvalidDataException(count == 0
                    ? $"The header is missing the column {column}. Every column of GetCSVHeader must be present."
                    : $"The header has the column {column} more than once.");
            }
        }

        return new UserImportCsv(pool, records, ids, time, columns);
    }

    /// <summary>The next data row, or null at the end of the file.</summary>
    public async ValueTask<UserImportRow?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await _records.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var line = _records.Line;
        var fields = _records.Fields;
        var username = fields.Count > _username ? fields[_username].Trim() : null;
        if (_records.Error is { } error)
        {
            return new UserImportRow(line, username, null, error);
        }

        if (fields.Count != _columns.Length)
        {
            return new UserImportRow(line, username, null, $"The row has {fields.Count} fields but the header has {_columns.Length}.");
        }

        var reason = ToUser(fields, out var user);
        return new UserImportRow(line, username, user, reason);
    }

    private string? ToUser(IReadOnlyList<string> fields, out User? user)
    {
        user = null;
        var username = fields[_username].Trim();
        if (username.Length == 0)
        {
            return "cognito:username is required.";
        }

        if (username.Length > 128 || !UsernamePattern().IsMatch(username))
        {
            return "cognito:username must be 1 to 128 characters without spaces or tabs.";
        }

        if (CheckMfa(fields[_mfaEnabled].Trim()) is { } mfaProblem)
        {
            return mfaProblem;
        }

        var attributes = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < fields.Count; i++)
        {
            if (i == _username || i == _mfaEnabled)
            {
                continue;
            }

            var value = fields[i].Trim();
            if (value.Length == 0)
            {
                continue;
            }

            var name = _columns[i];
            if (name is "email_verified" or "phone_number_verified")
            {
                if (Boolean(value) is not { } flag)
                {
                    return $"{name} must be true or false.";
                }

                value = flag ? "true" : "false";
            }

            attributes.Add(KeyValuePair.Create(name, value));
        }

        var byName = attributes.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        if (CheckVerified(byName) is { } verifiedProblem)
        {
            return verifiedProblem;
        }

        try
        {
            AttributeRules.CheckWrite(_pool, attributes, existing: null, admin: true);
            AttributeRules.CheckRequired(_pool, byName);
        }
        catch (CognitoException e)
        {
            return e.Message;
        }

        var now = _time.GetUtcNow();
        var sub = _ids.NewUuid();
        byName["sub"] = sub;
        user = new User
        {
            PoolId = _pool.Id,
            Username = username,
            Key = UserKeys.Username(_pool, username),
            Sub = sub,
            Attributes = byName,
            Status = UserStatus.ResetRequired,
            Enabled = true,
            Created = now,
            LastModified = now,
        };
        return null;
    }

    private string? CheckMfa(string value)
    {
        if (value.Length == 0)
        {
            return "cognito:mfa_enabled is required.";
        }

        if (Boolean(value) is not { } enabled)
        {
            return "cognito:mfa_enabled must be true or false.";
        }

        return (_pool.MfaConfiguration ?? "OFF", enabled) switch
        {
            ("ON", false) => "cognito:mfa_enabled must be true: MFA is required in the user pool.",
            ("OFF", true) => "cognito:mfa_enabled must be false: MFA is off in the user pool.",
            _ => null,
        };
    }

    private string? CheckVerified(Dictionary<string, string> attributes)
    {
        if (attributes.GetValueOrDefault("email_verified") == "true" && !attributes.ContainsKey("email"))
        {
            return "email is required when email_verified is true.";
        }

        if (attributes.GetValueOrDefault("phone_number_verified") == "true" && !attributes.ContainsKey("phone_number"))
        {
            return "phone_number is required when phone_number_verified is true.";
        }

        // A user must be able to receive the code that resets their password on an auto-verified attribute.
        var autoVerified = _pool.AutoVerifiedAttributes ?? [];
        if (autoVerified.Count > 0 && !autoVerified.Any(a => attributes.GetValueOrDefault(a + "_verified") == "true"))
        {
            return $"At least one auto-verified attribute must be verified: {string.Join(" or ", autoVerified.Select(a => a + "_verified"))} must be true.";
        }

        return null;
    }

    private static bool? Boolean(string value) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
        : value.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
        : null;

    [GeneratedRegex(@"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$")]
    private static partial Regex UsernamePattern();
}

/// <summary>One data row: the user it makes, or why it cannot be imported. <see cref="Line"/> is where the row starts.</summary>
public readonly record struct UserImportRow(long Line, string? Username, User? User, string? Error);
