using System.CommandLine;

namespace Gatehouse;

/// <summary><c>gatehouse users import --pool &lt;id&gt; &lt;file.csv&gt;</c>.</summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        var users = new Command("users", "Manage users offline.");
        return users;
    }
}
