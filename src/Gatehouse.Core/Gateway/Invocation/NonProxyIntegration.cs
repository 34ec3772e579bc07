using System.Globalization;
using System.Text.RegularExpressions;

namespace Gatehouse.Core.Gateway.Invocation;

/// <summary>A method response ready to send: status, headers and body.</summary>
public sealed record MethodResult(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body, string? ContentType);

/// <summary>
/// The request and response mapping of non-proxy integrations (MOCK, HTTP), as API Gateway does it: the request
/// template chosen by the request's content type (or passthrough), the integration response chosen by matching its
/// <c>selectionPattern</c> against the backend's status code (the one without a pattern is the default), then its
/// <c>responseParameters</c> and response template shape the method response.
/// </summary>
public static partial class NonProxyIntegration
{
    private const string Json = "application/json";

    /// <summary>
    /// The request template for <paramref name="contentType"/> rendered, or null to pass the body through. Throws
    /// <see cref="UnsupportedMediaTypeException"/> when passthrough is not allowed (<c>NEVER</c>, or
    /// <c>WHEN_NO_TEMPLATES</c> with templates for other types): API Gateway answers 415 Unsupported Media Type.
    /// </summary>
    public static string? RenderRequest(Integration integration, string? contentType, InvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(integration);
        var templates = integration.RequestTemplates;
        var type = MediaType(contentType) ?? Json;
        if (templates is { Count: > 0 } && templates.TryGetValue(type, out var template))
        {
            return VelocityTemplate.Parse(template ?? "").Render(context);
        }

        var passthrough = integration.PassthroughBehavior ?? "WHEN_NO_MATCH";
        if (passthrough == "NEVER" || (passthrough == "WHEN_NO_TEMPLATES" && templates is { Count: > 0 }))
        {
            throw new UnsupportedMediaTypeException();
        }

        // Without a Content-Type API Gateway assumes JSON and uses its template.
        return contentType is null && templates is { Count: > 0 } && templates.TryGetValue(Json, out var fallback)
            ? VelocityTemplate.Parse(fallback ?? "").Render(context)
            : null;
    }

    /// <summary>
    /// The status a MOCK integration answers: <c>statusCode</c> of its rendered request template, quoted JSON or CDK's
    /// unquoted form; 200 when there is no template or no number in it.
    /// </summary>
    public static int MockStatus(string? renderedRequest)
    {
        if (renderedRequest is null)
        {
            return 200;
        }

        var match = StatusCodeField().Match(renderedRequest);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : 200;
    }

    /// <summary>The integration response for the backend's <paramref name="status"/>, or null when none matches and there is no default.</summary>
    public static IntegrationResponse? Select(Integration integration, int status)
    {
        ArgumentNullException.ThrowIfNull(integration);
        IntegrationResponse? fallback = null;
        var selector = status.ToString(CultureInfo.InvariantCulture);
        foreach (var response in integration.IntegrationResponses?.Values ?? Enumerable.Empty<IntegrationResponse>())
        {
            if (string.IsNullOrEmpty(response.SelectionPattern))
            {
                fallback ??= response;
            }
            else if (Matches(response.SelectionPattern, selector))
            {
                return response;
            }
        }

        return fallback;
    }

    /// <summary>
    /// The integration response for a Lambda (<c>AWS</c>) integration: with an error, the first whose
    /// <c>selectionPattern</c> matches the whole <paramref name="errorMessage"/>, else the default; without one, the
    /// default. Null when that leaves none.
    /// </summary>
    public static IntegrationResponse? SelectForLambda(Integration integration, string? errorMessage)
    {
        ArgumentNullException.ThrowIfNull(integration);
        var responses = integration.IntegrationResponses?.Values ?? Enumerable.Empty<IntegrationResponse>();
        if (errorMessage is not null)
        {
            foreach (var response in responses)
            {
                if (!string.IsNullOrEmpty(response.SelectionPattern) && Matches(response.SelectionPattern, errorMessage))
                {
                    return response;
                }
            }
        }

        return responses.FirstOrDefault(r => string.IsNullOrEmpty(r.SelectionPattern));
    }

    /// <summary>
    /// The method response built from <paramref name="response"/>: its status, its <c>method.response.header.*</c>
    /// parameters, and its template for JSON (or its only template) over the backend body, else the body as is.
    /// </summary>
    public static MethodResult Render(
        IntegrationResponse response, InvocationContext context, string backendBody, IReadOnlyDictionary<string, string> backendHeaders)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(backendHeaders);
        var status = int.TryParse(response.StatusCode, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 200;
        var headers = new List<KeyValuePair<string, string>>();
        const string prefix = "method.response.header.";
        foreach (var (target, source) in response.ResponseParameters ?? [])
        {
            if (!target.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var value = source.StartsWith("integration.response.header.", StringComparison.Ordinal)
                ? backendHeaders.GetValueOrDefault(source["integration.response.header.".Length..])
                : source == "integration.response.body" ? backendBody : context.Resolve(source);
            if (value is not null)
            {
                headers.Add(new(target[prefix.Length..], value));
            }
        }

        var templates = response.ResponseTemplates;
        string? contentType = null;
        var body = backendBody;
        if (templates is { Count: > 0 })
        {
            var (type, template) = templates.TryGetValue(Json, out var json) ? (Json, json) : (templates.First().Key, templates.First().Value);
            contentType = type;
            if (!string.IsNullOrEmpty(template))
            {
                // A response template's $input is the backend's answer, not the method request.
                body = VelocityTemplate.Parse(template).Render(context.WithBody(backendBody), out var overrides);
                if (overrides is not null)
                {
                    status = overrides.Status ?? status;
                    foreach (var (name, value) in overrides.Headers)
                    {
                        headers.RemoveAll(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
                        headers.Add(new(name, value));
                    }
                }
            }
        }

        return new MethodResult(status, headers, body, contentType);
    }

    private static bool Matches(string pattern, string selector)
    {
        try
        {
            return Regex.IsMatch(selector, $@"\A(?:{pattern})\z", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string? MediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    [GeneratedRegex(@"""?statusCode""?\s*:\s*""?(\d{3})", RegexOptions.CultureInvariant)]
    private static partial Regex StatusCodeField();
}

/// <summary>No request template for the request's content type, and the integration does not pass bodies through.</summary>
public sealed class UnsupportedMediaTypeException : Exception
{
    public UnsupportedMediaTypeException()
        : base("Unsupported Media Type")
    {
    }

    public UnsupportedMediaTypeException(string message)
        : base(message)
    {
    }

    public UnsupportedMediaTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
