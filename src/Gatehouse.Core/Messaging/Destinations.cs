namespace Gatehouse.Core.Messaging;

/// <summary>How Cognito shows where a message went.</summary>
public static class Destinations
{
    /// <summary>Cognito's masked destination: <c>j***@e***</c> or <c>+*******1234</c>.</summary>
    public static string Mask(string medium, string destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (medium == "SMS")
        {
            return destination.Length <= 4 ? destination : "+" + new string('*', Math.Max(0, destination.Length - 5)) + destination[^4..];
        }

        var at = destination.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 || at == destination.Length - 1 ? "***" : $"{destination[0]}***@{destination[at + 1]}***";
    }
}
