using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.HostedUi;

/// <summary>The hosted pages' one small stylesheet, served from a fixed path and cached by browsers for a day.</summary>
internal static class Stylesheet
{
    public const string Path = "/static/gatehouse.css";

    private const string Css = """
        *,*::before,*::after{box-sizing:border-box}
        html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1b1f24;background:#f3f4f6}
        body{margin:0;padding:1rem}
        .panel{max-width:26rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #d0d4da;border-radius:.5rem}
        header{text-align:center;margin-bottom:1rem}
        .logo-customizable{max-width:100%;max-height:6rem;margin-bottom:.5rem}
        h1{font-size:1.4rem;margin:0}
        form{display:flex;flex-direction:column;gap:.25rem}
        label{font-weight:600;margin-top:.5rem}
        input{font:inherit;padding:.55rem .65rem;border:1px solid #6b7280;border-radius:.35rem;width:100%}
        input[aria-invalid=true]{border-color:#b42318;border-width:2px}
        button{font:inherit;font-weight:600;margin-top:1rem;padding:.65rem;border:0;border-radius:.35rem;background:#1d4ed8;color:#fff;cursor:pointer}
        button:hover{background:#1e40af}
        :focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
        a{color:#1d4ed8}
        .errorMessage-customizable{color:#b42318;background:#fef3f2;border:1px solid #fda29b;border-radius:.35rem;padding:.5rem .75rem;margin:0 0 .5rem}
        .textDescription-customizable{margin:.25rem 0 .75rem}
        .totp-qr{display:block;margin:0 auto .75rem;image-rendering:pixelated}
        #totp-secret{overflow-wrap:anywhere}
        .links{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;margin-top:1rem}
        @media (max-width:30rem){body{padding:0}.panel{margin:0;border:0;border-radius:0;min-height:100vh}}
        """;

    private static readonly byte[] Bytes = Encoding.UTF8.GetBytes(Css);

    public static Task WriteAsync(HttpContext context)
    {
        context.Response.ContentType = "text/css; charset=utf-8";
        context.Response.Headers.CacheControl = "public, max-age=86400";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.ContentLength = Bytes.Length;
        return context.Response.Body.WriteAsync(Bytes, context.RequestAborted).AsTask();
    }
}
