using Gatehouse.Core.Gateway;

namespace Gatehouse.Core.Tests.Gateway;

/// <summary>The patch engine shared by every update: op enum, JSON Pointer keys, copy and move, wording of errors.</summary>
public sealed class PatchTableTests
{
    private static readonly PatchTable<Dictionary<string, string>> Table = new PatchTable<Dictionary<string, string>>()
        .Property("/name", [PatchVerb.Replace], (d, _, v) => d["name"] = v!, d => d.GetValueOrDefault("name"))
        .Entry("/tags", [PatchVerb.Add, PatchVerb.Remove], (d, op, k, v) =>
        {
            if (op == PatchVerb.Remove)
            {
                d.Remove("tag:" + k);
            }
            else
            {
                d["tag:" + k] = v ?? "";
            }
        }, (d, k) => d.GetValueOrDefault("tag:" + k))
        .Entry("/arns", [PatchVerb.Add], (d, _, k, _) => d["arn"] = k, rest: true);

    private static PatchOperation Op(string op, string? path, string? value = null, string? from = null) => new() { Op = op, Path = path, Value = value, From = from };

    [Fact]
    public void Keys_are_JSON_Pointer_decoded_and_rest_keys_span_segments()
    {
        var target = new Dictionary<string, string>();
        Table.Apply(target, [Op("add", "/tags/application~1json", "x"), Op("add", "/tags/a~0b", "y"), Op("add", "/arns/arn:aws:x:userpool/p~1q")], "input");
        Assert.Equal("x", target["tag:application/json"]);
        Assert.Equal("y", target["tag:a~b"]);
        Assert.Equal("arn:aws:x:userpool/p/q", target["arn"]);
    }

    [Fact]
    public void Copy_reads_the_source_and_move_also_removes_it()
    {
        var target = new Dictionary<string, string> { ["tag:a"] = "value" };
        Table.Apply(target, [Op("copy", "/name", from: "/tags/a")], "input");
        Assert.Equal("value", target["name"]);
        Table.Apply(target, [Op("move", "/tags/b", from: "/tags/a")], "input");
        Assert.Equal(("value", false), (target["tag:b"], target.ContainsKey("tag:a")));
    }

    [Fact]
    public void Every_bad_op_is_reported_at_once_with_its_position()
    {
        var error = Assert.Throws<ApiGatewayException>(() => Table.Apply([], [Op("replace", "/name", "a"), Op("nope", "/name"), Op("test", "/name"), Op("", "/x")], "updateThingInput"));
        Assert.Equal("ValidationException", error.Type);
        Assert.StartsWith("2 validation errors detected: Value 'nope' at 'updateThingInput.patchOperations.2.member.op'", error.Message);
        Assert.Contains("Value '' at 'updateThingInput.patchOperations.4.member.op'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("add", "/name", "Invalid patch operation specified. Must be one of: [replace]")]
    [InlineData("test", "/name", "Invalid patch operation specified. Must be one of: [replace]")]
    [InlineData("replace", "/tags/a", "Invalid patch operation specified. Must be one of: [add, remove]")]
    [InlineData("replace", "/tags", "Invalid patch path /tags")]
    [InlineData("add", "/tags/a/b", "Invalid patch path /tags/a/b")]
    [InlineData("replace", "/other", "Invalid patch path /other")]
    [InlineData("replace", null, "Invalid patch path null")]
    public void Unknown_paths_and_unsupported_ops_are_BadRequestException(string op, string? path, string message)
    {
        var error = Assert.Throws<ApiGatewayException>(() => Table.Apply([], [Op(op, path, "v")], "input"));
        Assert.Equal(("BadRequestException", 400, message), (error.Type, error.StatusCode, error.Message));
    }

    [Fact]
    public void Copy_from_an_unknown_path_names_the_source()
    {
        var error = Assert.Throws<ApiGatewayException>(() => Table.Apply([], [Op("copy", "/name", from: "/nowhere")], "input"));
        Assert.Equal("Invalid patch path /nowhere", error.Message);
    }
}
