using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Tests;

/// <summary>The user import file: header, RFC 4180 quoting, Cognito's row rules, and streaming.</summary>
public sealed class UserImportCsvTests
{
    private readonly FakeClock _clock = new();

    private static UserPool Pool(string? mfa = null, List<string>? autoVerified = null, bool caseSensitive = true) => new()
    {
        Id = "us-east-1_Test12345",
        MfaConfiguration = mfa,
        AutoVerifiedAttributes = autoVerified ?? ["email"],
        UsernameConfiguration = new UsernameConfiguration { CaseSensitive = caseSensitive },
        SchemaAttributes = StandardSchema.Build(
        [
            new SchemaAttribute { Name = "tenant", AttributeDataType = "String" },
            new SchemaAttribute { Name = "age", AttributeDataType = "Number" },
        ]),
    };

    private static string Header(UserPool pool) => string.Join(',', UserImportCsv.Header(pool));

    /// <summary>A row in header order; values are written as given, so a test controls the quoting.</summary>
    private static string Row(UserPool pool, params (string Column, string Raw)[] values)
    {
        var header = UserImportCsv.Header(pool);
        var fields = header.Select(_ => "").ToArray();
        fields[header.IndexOf("cognito:mfa_enabled")] = "false";
        fields[header.IndexOf("email_verified")] = "true";
        foreach (var (column, raw) in values)
        {
            fields[header.IndexOf(column)] = raw;
        }

        return string.Join(',', fields);
    }

    private static string User(UserPool pool, string username, params (string Column, string Raw)[] values) =>
        Row(pool, [("cognito:username", username), ("email", username.Trim() + "@example.com"), .. values]);

    private async Task<List<UserImportRow>> ReadAllAsync(UserPool pool, string csv)
    {
        var reader = await UserImportCsv.OpenAsync(pool, new StringReader(csv), new IdGenerator(), _clock, CancellationToken.None);
        var rows = new List<UserImportRow>();
        while (await reader.ReadAsync(CancellationToken.None) is { } row)
        {
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public void The_header_is_GetCSVHeaders_standard_columns_then_the_pools_custom_attributes()
    {
        Assert.Equal(
            new[]
            {
                "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture",
                "website", "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number",
                "phone_number_verified", "address", "updated_at", "cognito:mfa_enabled", "cognito:username",
                "custom:tenant", "custom:age",
            },
            UserImportCsv.Header(Pool()));
    }

    [Fact]
    public async Task A_valid_row_is_a_reset_required_user_with_a_fresh_sub_and_no_password()
    {
        var pool = Pool();
        var rows = await ReadAllAsync(pool, $"{Header(pool)}\n{User(pool, "alice", ("given_name", "Alice"))}\n{User(pool, "bob")}\n");

        Assert.Equal(2, rows.Count);
        var alice = rows[0].User!;
        Assert.Null(rows[0].Error);
        Assert.Equal(2, rows[0].Line);
        Assert.Equal("alice", alice.Username);
        Assert.Equal("alice", alice.Key);
        Assert.Equal(pool.Id, alice.PoolId);
        Assert.Equal(UserStatus.ResetRequired, alice.Status);
        Assert.Null(alice.PasswordHash);
        Assert.True(alice.Enabled);
        Assert.Equal(_clock.GetUtcNow(), alice.Created);
        Assert.True(Guid.TryParse(alice.Sub, out _));
        Assert.Equal(alice.Sub, alice.Attributes["sub"]);
        Assert.NotEqual(alice.Sub, rows[1].User!.Sub);
        Assert.Equal("Alice", alice.Attributes["given_name"]);
        Assert.Equal("alice@example.com", alice.Attributes["email"]);
        Assert.Equal("true", alice.Attributes["email_verified"]);
        Assert.False(alice.Attributes.ContainsKey("name"));
        Assert.False(alice.Attributes.ContainsKey("cognito:mfa_enabled"));
    }

    [Fact]
    public async Task Quoted_fields_hold_commas_doubled_quotes_and_line_breaks_and_later_lines_still_count_right()
    {
        var pool = Pool();
        var csv = $"{Header(pool)}\n{User(pool, "carol", ("name", "\"Doe, \"\"CJ\"\"\nJr.\""), ("address", "\"1 Main St\r\nSpringfield\""))}\n{User(pool, "dave")}\n";
        var rows = await ReadAllAsync(pool, csv);

        Assert.Equal("Doe, \"CJ\"\nJr.", rows[0].User!.Attributes["name"]);
        Assert.Equal("1 Main St\r\nSpringfield", rows[0].User!.Attributes["address"]);
        Assert.Equal(2, rows[0].Line);
        Assert.Equal(5, rows[1].Line);
        Assert.Equal("dave", rows[1].User!.Username);
    }

    [Fact]
    public async Task A_backslash_before_a_comma_escapes_it_as_Cognitos_format_documents()
    {
        var pool = Pool();
        var rows = await ReadAllAsync(pool, $"{Header(pool)}\n{User(pool, "erin", ("address", @"1 Main St\, Apt 2"), ("nickname", @"back\slash"))}\n");

        Assert.Equal("1 Main St, Apt 2", rows[0].User!.Attributes["address"]);
        Assert.Equal(@"back\slash", rows[0].User!.Attributes["nickname"]);
    }

    [Fact]
    public async Task CRLF_endings_blank_lines_a_missing_final_newline_and_surrounding_spaces_are_accepted()
    {
        var pool = Pool();
        var csv = $"{Header(pool)}\r\n\r\n{User(pool, " frank ", ("given_name", "  Frank "))}\r\n\r\n{User(pool, "gina")}";
        var rows = await ReadAllAsync(pool, csv);

        Assert.Equal(2, rows.Count);
        Assert.Equal("frank", rows[0].User!.Username);
        Assert.Equal("Frank", rows[0].User!.Attributes["given_name"]);
        Assert.Equal(3, rows[0].Line);
        Assert.Equal(5, rows[1].Line);
    }

    [Theory]
    [InlineData("TRUE", "true")]
    [InlineData("True", "true")]
    [InlineData("false", "false")]
    [InlineData("FALSE", "false")]
    public async Task Verified_flags_are_booleans_in_any_case_and_stored_lowercase(string raw, string stored)
    {
        var pool = Pool(autoVerified: ["email"]);
        var rows = await ReadAllAsync(pool, $"{Header(pool)}\n{User(pool, "hank", ("phone_number", "+15555550100"), ("phone_number_verified", raw))}\n");

        Assert.Equal(stored, rows[0].User!.Attributes["phone_number_verified"]);
    }

    [Theory]
    [InlineData("email_verified", "yes", "email_verified must be true or false.")]
    [InlineData("phone_number_verified", "1", "phone_number_verified must be true or false.")]
    [InlineData("cognito:mfa_enabled", "", "cognito:mfa_enabled is required.")]
    [InlineData("cognito:mfa_enabled", "maybe", "cognito:mfa_enabled must be true or false.")]
    [InlineData("cognito:mfa_enabled", "true", "cognito:mfa_enabled must be false: MFA is off in the user pool.")]
    [InlineData("email_verified", "false", "At least one auto-verified attribute must be verified: email_verified must be true.")]
    [InlineData("custom:age", "old", "Attributes did not conform to the schema: custom:age: Number is invalid")]
    [InlineData("birthdate", "1985-2-1", "Attributes did not conform to the schema: birthdate: String must be no shorter than 10 characters")]
    public async Task A_row_breaking_a_rule_fails_with_its_reason_and_the_next_row_is_still_read(string column, string raw, string reason)
    {
        var pool = Pool();
        var rows = await ReadAllAsync(pool, $"{Header(pool)}\n{User(pool, "ivan", (column, raw))}\n{User(pool, "judy")}\n");

        Assert.Null(rows[0].User);
        Assert.Equal(reason, rows[0].Error);
        Assert.Equal(2, rows[0].Line);
        Assert.Equal("ivan", rows[0].Username);
        Assert.Equal("judy", rows[1].User!.Username);
    }

    [Theory]
    [InlineData("", "cognito:username is required.")]
    [InlineData("   ", "cognito:username is required.")]
    [InlineData("\"two words\"", "cognito:username must be 1 to 128 characters without spaces or tabs.")]
    [InlineData("\"tab\there\"", "cognito:username must be 1 to 128 characters without spaces or tabs.")]
    public async Task The_username_is_required_and_has_no_whitespace(string raw, string reason)
    {
        var pool = Pool();
        var rows = await ReadAllAsync(pool, $"{Header(pool)}\n{Row(pool, ("cognito:username", raw), ("email", "x@example.com"))}\n");

        Assert.Equal(reason, rows[0].Error);
    }

    [Fact]
    public async Task A_verified_contact_needs_its_value()
    {
        var pool = Pool(autoVerified: ["email", "phone_number"]);
        var rows = await ReadAllAsync(pool, string.Join('\n',
            Header(pool),
            Row(pool, ("cognito:username", "kim")),
            Row(pool, ("cognito:username", "lee"), ("email_verified", "false"), ("phone_number_verified", "true")),
            Row(pool, ("cognito:username", "max"), ("email_verified", "false"), ("phone_number", "+15555550100"), ("phone_number_verified", "true"))));

        Assert.Equal("email is required when email_verified is true.", rows[0].Error);
        Assert.Equal("phone_number is required when phone_number_verified is true.", rows[1].Error);
        Assert.Equal("max", rows[2].User!.Username);
    }

    [Theory]
    [InlineData("ON", "true", null)]
    [InlineData("ON", "false", "cognito:mfa_enabled must be true: MFA is required in the user pool.")]
    [InlineData("OPTIONAL", "true", null)]
    [InlineData("OPTIONAL", "false", null)]
    public async Task Mfa_enabled_must_agree_with_the_pools_MFA_setting(string mfa, string raw, string? reason)
    {
        var pool = Pool(mfa: mfa);
        var rows = await ReadAllAsync(pool, $"{Header(pool)}\n{User(pool, "nina", ("cognito:mfa_enabled", raw))}\n");

        Assert.Equal(reason, rows[0].Error);
    }

    [Fact]
    public async Task Custom_attributes_are_imported_under_their_custom_names()
    {
        var pool = Pool();
        var rows = await ReadAllAsync(pool, $"{Header(pool)}\n{User(pool, "olga", ("custom:tenant", "acme"), ("custom:age", "42"))}\n");

        Assert.Equal("acme", rows[0].User!.Attributes["custom:tenant"]);
        Assert.Equal("42", rows[0].User!.Attributes["custom:age"]);
    }

    [Fact]
    public async Task Columns_may_come_in_any_order()
    {
        var pool = Pool();
        var header = UserImportCsv.Header(pool);
        header.Reverse();
        var values = header.Select(c => c switch
        {
            "cognito:username" => "pat",
            "email" => "pat@example.com",
            "email_verified" => "true",
            "cognito:mfa_enabled" => "false",
            "custom:tenant" => "t1",
            _ => "",
        });
        var rows = await ReadAllAsync(pool, $"{string.Join(',', header)}\n{string.Join(',', values)}\n");

        Assert.Equal("pat", rows[0].User!.Username);
        Assert.Equal("t1", rows[0].User!.Attributes["custom:tenant"]);
    }

    [Fact]
    public async Task Malformed_rows_fail_alone_with_their_line()
    {
        var pool = Pool();
        var csv = string.Join('\n',
            Header(pool),
            "quinn,too,few",
            User(pool, "rose", ("name", "\"closed\"early")),
            User(pool, "sam", ("name", new string('x', UserImportCsv.MaxRowLength))),
            User(pool, "tom"),
            User(pool, "uma", ("name", "\"never closed")));
        var rows = await ReadAllAsync(pool, csv);

        Assert.Equal(new[] { 2L, 3L, 4L, 5L, 6L }, rows.Select(r => r.Line));
        Assert.Equal($"The row has 3 fields but the header has {UserImportCsv.Header(pool).Count}.", rows[0].Error);
        Assert.Equal("A quoted field is followed by other characters before the next comma.", rows[1].Error);
        Assert.Equal($"The row is longer than {UserImportCsv.MaxRowLength} characters.", rows[2].Error);
        Assert.Equal("tom", rows[3].User!.Username);
        Assert.Equal("A quoted field is not closed before the end of the file.", rows[4].Error);
    }

    [Fact]
    public async Task Usernames_are_keyed_case_folded_in_a_case_insensitive_pool()
    {
        var pool = Pool(caseSensitive: false);
        var rows = await ReadAllAsync(pool, $"{Header(pool)}\n{User(pool, "Victor")}\n");

        Assert.Equal("Victor", rows[0].User!.Username);
        Assert.Equal("victor", rows[0].User!.Key);
    }

    [Theory]
    [InlineData("", "The CSV file is empty: its first row must be the header.")]
    [InlineData("cognito:username,email", "The header is missing the column name. Every column of GetCSVHeader must be present.")]
    public async Task An_unusable_header_is_invalid_data(string csv, string message)
    {
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(Pool(), csv));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public async Task A_header_with_an_unknown_or_repeated_column_is_invalid_data()
    {
        var pool = Pool();
        var unknown = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(pool, Header(pool) + ",custom:nope\n"));
        Assert.Equal("The header has a column that is not an attribute of the user pool: custom:nope", unknown.Message);
        var repeated = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(pool, Header(pool) + ",email\n"));
        Assert.Equal("The header has the column email more than once.", repeated.Message);
    }

    [Fact]
    public void A_pool_without_an_auto_verified_attribute_cannot_import()
    {
        Assert.NotNull(UserImportCsv.CheckPool(Pool(autoVerified: [])));
        Assert.Null(UserImportCsv.CheckPool(Pool(autoVerified: ["phone_number"])));
    }

    [Fact]
    public async Task Rows_are_read_as_they_arrive_not_after_the_whole_file()
    {
        var pool = Pool();
        var source = new CountingReader(Header(pool) + "\n", i => User(pool, $"user{i}") + "\n", rows: 200_000);
        var csv = await UserImportCsv.OpenAsync(pool, source, new IdGenerator(), _clock, CancellationToken.None);

        var first = await csv.ReadAsync(CancellationToken.None);

        Assert.Equal("user0", first!.Value.User!.Username);
        Assert.True(source.Served < 200_000, $"{source.Served} characters were read for the first row.");
    }

    [Fact]
    public async Task Reads_split_anywhere_give_the_same_rows_as_one_read()
    {
        var pool = Pool();
        var csv = string.Join("\r\n",
            Header(pool),
            "",
            User(pool, "yael", ("name", "\"a,\"\"b\"\"\r\nc\""), ("address", @"x\,y"), ("nickname", @"z\y")),
            User(pool, "zoe", ("name", "\"bad\"x")),
            User(pool, "abe")) + "\r\n";

        var whole = await ReadAllAsync(pool, csv);
        var reader = await UserImportCsv.OpenAsync(pool, new CountingReader(csv, _ => "", rows: 0, chunk: 1), new IdGenerator(), _clock, CancellationToken.None);
        var split = new List<UserImportRow>();
        while (await reader.ReadAsync(CancellationToken.None) is { } row)
        {
            split.Add(row);
        }

        Assert.Equal(3, whole.Count);
        Assert.Equal(whole.Select(r => (r.Line, r.Username, r.Error)), split.Select(r => (r.Line, r.Username, r.Error)));
        Assert.Equal(whole[0].User!.Attributes["name"], split[0].User!.Attributes["name"]);
        Assert.Equal("a,\"b\"\r\nc", split[0].User!.Attributes["name"]);
        Assert.Equal("x,y", split[0].User!.Attributes["address"]);
        Assert.Equal(@"z\y", split[0].User!.Attributes["nickname"]);
        Assert.Equal(new[] { 3L, 5L, 6L }, split.Select(r => r.Line));
    }

    [Fact]
    public async Task An_import_counts_imported_skipped_and_failed_rows_and_keeps_the_reasons()
    {
        var pool = Pool();
        var csv = string.Join('\n', Header(pool), User(pool, "wes"), Row(pool, ("email", "x@example.com")), User(pool, "wes"), User(pool, "xena"));
        var writer = new ListWriter();
        var reader = await UserImportCsv.OpenAsync(pool, new StringReader(csv), new IdGenerator(), _clock, CancellationToken.None);

        var summary = await UserImport.RunAsync(reader, writer, CancellationToken.None);

        Assert.Equal((2L, 1L, 1L), (summary.Imported, summary.Skipped, summary.Failed));
        Assert.Equal(new[] { "wes", "xena" }, writer.Users.Select(u => u.Username));
        var failure = Assert.Single(summary.Failures);
        Assert.Equal("line 3: cognito:username is required.", failure.ToString());
    }

    /// <summary>Serves a header and then generated rows, at most <c>chunk</c> characters a read, counting what was read.</summary>
    private sealed class CountingReader(string header, Func<int, string> row, int rows, int chunk = int.MaxValue) : TextReader
    {
        private string _pending = header;
        private int _next;

        public long Served { get; private set; }

        public override int Read(Span<char> buffer)
        {
            while (_pending.Length == 0 && _next < rows)
            {
                _pending = row(_next++);
            }

            var count = Math.Min(Math.Min(buffer.Length, chunk), _pending.Length);
            _pending.AsSpan(0, count).CopyTo(buffer);
            _pending = _pending[count..];
            Served += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));
    }

    private sealed class ListWriter : IBulkUserWriter
    {
        public List<User> Users { get; } = [];

        public bool Add(User user)
        {
            if (Users.Any(u => u.Key == user.Key))
            {
                return false;
            }

            Users.Add(user);
            return true;
        }

        public Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
