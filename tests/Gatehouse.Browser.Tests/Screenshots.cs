using System.Globalization;
using Gatehouse.Compat.Tests;
using Microsoft.Playwright;

namespace Gatehouse.Browser.Tests;

/// <summary>
/// Screenshots of one test's pages, kept as test artifacts in <c>artifacts/screenshots/{test}/{nn}-{step}.png</c> under
/// the repository root. The test's folder is emptied when it starts, so the files are always from its last run.
/// </summary>
public sealed class Screenshots
{
    private readonly string _directory;
    private int _count;

    public Screenshots(string test)
    {
        _directory = Path.Combine(Root, test);
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        Directory.CreateDirectory(_directory);
    }

    /// <summary><c>artifacts/screenshots</c> under the repository root.</summary>
    public static string Root => Path.Combine(Tools.Metadata("RepositoryRoot"), "artifacts", "screenshots");

    /// <summary>Saves the whole page as the next numbered step and returns the file's path.</summary>
    public async Task<string> TakeAsync(IPage page, string step)
    {
        var path = Path.Combine(_directory, $"{++_count:00}-{step}.png".ToString(CultureInfo.InvariantCulture));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
