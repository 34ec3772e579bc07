using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>Finds a user by what a caller typed: the username, or an email, phone or preferred username the pool allows.</summary>
public static class UserLookup
{
    public static async Task<User?> FindAsync(IStoreSession session, UserPool pool, string name, CancellationToken cancellationToken)
    {
        var byName = await session.GetUserAsync(pool.Id, UserKeys.Username(pool, name), cancellationToken).ConfigureAwait(false);
        if (byName is not null)
        {
            return byName;
        }

        foreach (var attribute in SignInAttributes(pool))
        {
            var candidates = await session.FindUsersAsync(pool.Id, attribute, name, cancellationToken).ConfigureAwait(false);
            var verifiedOnly = pool.UsernameAttributes is not { Count: > 0 } && attribute != "preferred_username";
            var found = candidates.FirstOrDefault(u => !verifiedOnly || u.Attribute(attribute + "_verified") == "true");
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="name"/> is <paramref name="user"/>'s username or an alias that finds the same user.</summary>
    public static async Task<bool> NamesAsync(IStoreSession session, UserPool pool, string name, User user, CancellationToken cancellationToken) =>
        name == user.Username || (await FindAsync(session, pool, name, cancellationToken).ConfigureAwait(false))?.Key == user.Key;

    /// <summary>Like <see cref="FindAsync"/>, but throws UserNotFoundException.</summary>
    public static async Task<User> GetAsync(IStoreSession session, UserPool pool, string name, CancellationToken cancellationToken) =>
        await FindAsync(session, pool, name, cancellationToken).ConfigureAwait(false) ?? throw CognitoException.UserNotFound();

    /// <summary>
    /// Another user who already signs in with <paramref name="attribute"/> = <paramref name="value"/>: any holder in
    /// pools that use it as the username, a verified holder where it is an alias.
    /// </summary>
    public static async Task<User?> OtherHolderAsync(
        IStoreSession session, UserPool pool, string attribute, string value, string exceptKey, CancellationToken cancellationToken)
    {
        var asUsername = pool.UsernameAttributes?.Contains(attribute) == true;
        if (!asUsername && pool.AliasAttributes?.Contains(attribute) != true)
        {
            return null;
        }

        var holders = await session.FindUsersAsync(pool.Id, attribute, value, cancellationToken).ConfigureAwait(false);
        return holders.FirstOrDefault(u => u.Key != exceptKey
            && (asUsername || attribute == "preferred_username" || u.Attribute(attribute + "_verified") == "true"));
    }

    private static IEnumerable<string> SignInAttributes(UserPool pool)
    {
        foreach (var attribute in pool.UsernameAttributes ?? [])
        {
            yield return attribute;
        }

        foreach (var attribute in pool.AliasAttributes ?? [])
        {
            yield return attribute;
        }
    }
}
