namespace Gatehouse.Server.HostedUi;

/// <summary>
/// One input of a hosted form. <paramref name="Id"/> defaults to the name; <paramref name="Value"/> is what the user
/// typed before (never for a password field).
/// </summary>
internal sealed record Field(
    string Name, string Label, string Type = "text", string? Autocomplete = null, string? Id = null, string? Value = null, bool Required = true,
    string? InputMode = null)
{
    public string InputId => Id ?? Name;
}

/// <summary>A message for the user, and the fields it is about (none for the form as a whole).</summary>
internal sealed record PageError(string Message, params string[] Fields);

/// <summary>
/// Renders a hosted form accessibly: every input has a label, the error is in a <c>role="alert"</c> element that the
/// fields it concerns point to with <c>aria-describedby</c>, and the first invalid field (or else the first empty
/// one) has the focus.
/// </summary>
internal static class FormView
{
    public const string ErrorId = "form-error";

    public static void Render(
        Html html, PageRequest request, string action, IReadOnlyList<Field> fields, string button, PageError? error,
        params (string Name, string? Value)[] hidden)
    {
        Error(html, error);
        html.Open("form", ("method", "post"), ("action", action));
        html.Void("input", ("type", "hidden"), ("name", PageRequest.CsrfField), ("value", request.Csrf));
        foreach (var (name, value) in hidden)
        {
            html.Void("input", ("type", "hidden"), ("name", name), ("value", value ?? ""));
        }

        var focus = fields.FirstOrDefault(f => error?.Fields.Contains(f.Name) == true)
            ?? fields.FirstOrDefault(f => string.IsNullOrEmpty(f.Value))
            ?? fields.FirstOrDefault();
        foreach (var field in fields)
        {
            var invalid = error?.Fields.Contains(field.Name) == true;
            html.Element("label", field.Label, ("for", field.InputId), ("class", "label-customizable"));
            html.Void(
                "input",
                ("id", field.InputId),
                ("name", field.Name),
                ("type", field.Type),
                ("class", "inputField-customizable"),
                ("autocomplete", field.Autocomplete),
                ("inputmode", field.InputMode),
                ("value", field.Type == "password" ? null : field.Value),
                ("required", field.Required ? "" : null),
                ("aria-invalid", invalid ? "true" : null),
                ("aria-describedby", invalid ? ErrorId : null),
                ("autofocus", ReferenceEquals(field, focus) ? "" : null));
        }

        html.Element("button", button, ("type", "submit"), ("class", "submitButton-customizable"));
        html.Close("form");
    }

    /// <summary>The error, in an element screen readers announce.</summary>
    public static void Error(Html html, PageError? error)
    {
        if (error is not null)
        {
            html.Element("p", error.Message, ("id", ErrorId), ("role", "alert"), ("class", "errorMessage-customizable"));
        }
    }

    /// <summary>A sentence for the user; <paramref name="status"/> when it reports an outcome (announced politely).</summary>
    public static void Describe(Html html, string? text, bool status = false)
    {
        if (!string.IsNullOrEmpty(text))
        {
            html.Element("p", text, ("class", "textDescription-customizable"), ("role", status ? "status" : null));
        }
    }

    /// <summary>The links under a form, each with its visible name.</summary>
    public static void Links(Html html, params (string Text, string Href)[] links)
    {
        if (links.Length == 0)
        {
            return;
        }

        html.Open("nav", ("class", "links"), ("aria-label", "More options"));
        foreach (var (text, href) in links)
        {
            html.Element("a", text, ("href", href), ("class", "redirect-customizable"));
        }

        html.Close("nav");
    }
}
