using System.Text.Json;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Json;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi;
using Gatehouse.Server.CognitoApi.Actions.Clients;
using Gatehouse.Server.CognitoApi.Actions.Domains;
using Gatehouse.Server.CognitoApi.Actions.Groups;
using Gatehouse.Server.CognitoApi.Actions.Pools;
using Gatehouse.Server.CognitoApi.Actions.Users;

namespace Gatehouse.Server.Config;

/// <summary>
/// Makes one declared user pool, with its domain, resource servers, groups, clients and users, match the file, in the
/// caller's session. The Cognito actions' own validation and defaults run (so a bad value gets the API's message);
/// the pool and clients are written through the store because their ids are fixed.
/// </summary>
internal sealed class PoolApplier(CognitoServices services, List<string> changes)
{
    /// <summary>Applies the pool; <paramref name="hashes"/> holds the precomputed hashes of new users' passwords.</summary>
    public async Task ApplyAsync(IStoreSession session, PoolDeclaration declared, IReadOnlyDictionary<UserDeclaration, string> hashes, CancellationToken cancellationToken)
    {
        var call = new CognitoCall(declared.Id[..declared.Id.IndexOf('_', StringComparison.Ordinal)], Guid.NewGuid().ToString(), cancellationToken);
        var pool = await Guard(declared, () => ApplyPoolAsync(session, declared, call)).ConfigureAwait(false);
        if (declared.Domain is not null)
        {
            await Guard(declared, () => ApplyDomainAsync(session, pool, declared.Domain, call)).ConfigureAwait(false);
        }

        foreach (var (at, server) in declared.ResourceServers)
        {
            await Guard(at, async () =>
            {
                server.Validate();
                var desired = server.ToResourceServer(pool.Id);
                var current = await ResourceServers.GetAsync(session, pool.Id, server.Identifier!, cancellationToken).ConfigureAwait(false);
                if (current is null || Json(current) != Json(desired))
                {
                    await ResourceServers.SaveAsync(session, desired, cancellationToken).ConfigureAwait(false);
                    Changed(current, $"resource server {server.Identifier} of {pool.Id}");
                }
            }).ConfigureAwait(false);
        }

        foreach (var (at, group) in declared.Groups)
        {
            await Guard(at, () => ApplyGroupAsync(session, pool, group, call)).ConfigureAwait(false);
        }

        foreach (var client in declared.Clients)
        {
            await Guard(client, () => ApplyClientAsync(session, pool, client, call)).ConfigureAwait(false);
        }

        foreach (var user in declared.Users)
        {
            await Guard(user, () => ApplyUserAsync(session, pool, user, hashes.GetValueOrDefault(user), call)).ConfigureAwait(false);
        }
    }

    private async Task<UserPool> ApplyPoolAsync(IStoreSession session, PoolDeclaration declared, CognitoCall call)
    {
        var settings = declared.Settings;
        PoolSettings.ValidateName(settings.PoolName, "poolName");
        PoolSettings.Validate(settings);
        CreateUserPool.ValidateSignInAttributes(settings);
        var now = services.Now;
        var current = await session.GetPoolAsync(declared.Id, call.CancellationToken).ConfigureAwait(false);
        var pool = current ?? new UserPool
        {
            Id = declared.Id,
            AliasAttributes = settings.AliasAttributes,
            UsernameAttributes = settings.UsernameAttributes,
            UsernameConfiguration = settings.UsernameConfiguration,
            SchemaAttributes = CreateUserPool.ValidateSchema(settings.Schema is { Count: > 0 } schema ? schema : null),
            CreationDate = now,
            LastModifiedDate = now,
            Arn = services.PoolArn(call.Region, declared.Id),
            EstimatedNumberOfUsers = 0,
        };
        var before = current is null ? null : Json(current);
        if (current is not null)
        {
            Immutable(current.UsernameAttributes, settings.UsernameAttributes, "usernameAttributes");
            Immutable(current.AliasAttributes, settings.AliasAttributes, "aliasAttributes");
            if (settings.UsernameConfiguration?.CaseSensitive is { } caseSensitive && caseSensitive != current.CaseSensitiveUsernames)
            {
                throw CognitoException.InvalidParameter("usernameCaseSensitive cannot change once the pool exists: delete the pool to change it.");
            }

            AddCustomAttributes(current, settings.Schema);
        }

        pool.Name = settings.PoolName!;
        if (settings.MfaConfiguration is "ON" or "OPTIONAL" && !MfaConfig.HasFactor(pool.Mfa))
        {
            // The file's mfa: ON/OPTIONAL means authenticator apps, the one factor that needs no SMS or email setup.
            pool.Mfa ??= new MfaSettings();
            pool.Mfa.SoftwareTokenMfaConfiguration = JsonDocument.Parse("""{"Enabled":true}""").RootElement.Clone();
        }

        PoolSettings.Apply(pool, settings);
        if (current is null)
        {
            await session.SavePoolAsync(pool, call.CancellationToken).ConfigureAwait(false);
            await services.Keys.CreateAsync(session, pool.Id, call.CancellationToken).ConfigureAwait(false);
            changes.Add($"created user pool {pool.Id}");
        }
        else if (Json(pool) != before)
        {
            pool.LastModifiedDate = now;
            await session.SavePoolAsync(pool, call.CancellationToken).ConfigureAwait(false);
            changes.Add($"updated user pool {pool.Id}");
        }

        return pool;
    }

    private async Task ApplyDomainAsync(IStoreSession session, UserPool pool, string domain, CognitoCall call)
    {
        DomainRules.Domain(new Validation(), domain).ThrowIfAny();
        if (pool.Domain == domain)
        {
            return;
        }

        if (await UserPoolDomains.GetAsync(session, domain, call.CancellationToken).ConfigureAwait(false) is not null)
        {
            throw CognitoException.InvalidParameter("Domain already associated with another user pool.");
        }

        if (pool.Domain is { } old)
        {
            await UserPoolDomains.DeleteAsync(session, pool, old, call.CancellationToken).ConfigureAwait(false);
        }

        var created = new UserPoolDomain
        {
            UserPoolId = pool.Id,
            AWSAccountId = services.Options.AccountId,
            Domain = domain,
            Status = "ACTIVE",
            ManagedLoginVersion = 1,
        };
        await UserPoolDomains.SaveAsync(session, pool, created, call.CancellationToken).ConfigureAwait(false);
        changes.Add($"set domain {domain} of {pool.Id}");
    }

    private async Task ApplyGroupAsync(IStoreSession session, UserPool pool, GroupSettingsRequest declared, CognitoCall call)
    {
        declared.Validate();
        var current = await session.GetGroupAsync(pool.Id, declared.GroupName!, call.CancellationToken).ConfigureAwait(false);
        if (current is not null && current.Description == declared.Description && current.RoleArn == declared.RoleArn && current.Precedence == declared.Precedence)
        {
            return;
        }

        var now = services.Now;
        var group = current ?? new Group { GroupName = declared.GroupName!, UserPoolId = pool.Id, CreationDate = now };
        group.Description = declared.Description;
        group.RoleArn = declared.RoleArn;
        group.Precedence = declared.Precedence;
        group.LastModifiedDate = now;
        await session.SaveGroupAsync(group, call.CancellationToken).ConfigureAwait(false);
        Changed(current, $"group {group.GroupName} of {pool.Id}");
    }

    private async Task ApplyClientAsync(IStoreSession session, UserPool pool, ClientDeclaration declared, CognitoCall call)
    {
        ClientSettings.Validate(declared.Settings);
        await ClientSettings.CheckScopesAsync(session, pool, declared.Settings, call).ConfigureAwait(false);
        var current = await session.GetClientAsync(declared.ClientId, call.CancellationToken).ConfigureAwait(false);
        if (current is not null && current.UserPoolId != pool.Id)
        {
            throw CognitoException.InvalidParameter($"Client id {declared.ClientId} already belongs to user pool {current.UserPoolId}.");
        }

        var now = services.Now;
        var before = current is null ? null : Json(current);
        var client = current ?? new AppClient { UserPoolId = pool.Id, ClientId = declared.ClientId, CreationDate = now, LastModifiedDate = now };
        client.ClientSecret = declared.ClientSecret
            ?? (declared.GenerateSecret ? client.ClientSecret ?? services.Ids.NewClientSecret() : null);
        ClientSettings.Apply(client, pool, declared.Settings, updating: current is not null);
        if (current is not null && Json(client) == before)
        {
            return;
        }

        client.LastModifiedDate = now;
        await session.SaveClientAsync(client, call.CancellationToken).ConfigureAwait(false);
        Changed(current, $"app client {client.ClientId} of {pool.Id}");
    }

    private async Task ApplyUserAsync(IStoreSession session, UserPool pool, UserDeclaration declared, string? hash, CognitoCall call)
    {
        new Validation().Username(declared.Username).ThrowIfAny();
        var now = services.Now;
        var user = await UserLookup.FindAsync(session, pool, declared.Username, call.CancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            AdminUserRequest.ValidatePassword(declared.Password);
            AttributeRules.CheckWrite(pool, declared.Attributes, existing: null, admin: true);
            user = UserFactory.Create(pool, declared.Username, declared.Attributes, services.Ids.NewUuid(), now);
            await SignUp.EnsureNewAsync(session, pool, user, call, "User account already exists").ConfigureAwait(false);
            foreach (var verified in new[] { "email", "phone_number" }.Where(a => user.Attribute(a + "_verified") == "true" && user.Attribute(a) is not null))
            {
                await ConfirmSignUp.ClaimAliasAsync(session, pool, user, verified, force: false, call).ConfigureAwait(false);
            }

            PasswordPolicyRules.Check(pool, declared.Password!);
            services.Credentials.Set(user, hash ?? services.Hasher.Hash(declared.Password!), declared.Password!);
            if (declared.ForceChangePassword)
            {
                user.Status = UserStatus.ForceChangePassword;
                user.TemporaryPasswordExpires = now + TimeSpan.FromDays(pool.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays ?? 7);
            }
            else
            {
                user.Status = UserStatus.Confirmed;
            }

            user.Enabled = declared.Enabled ?? true;
            await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
            changes.Add($"created user {declared.Username} in {pool.Id}");
        }
        else
        {
            // An existing user keeps its password and status: the file's password only ever sets the first one.
            var changed = declared.Attributes.Where(a => user.Attribute(a.Key) != a.Value).ToList();
            if (changed.Count > 0 || (declared.Enabled is { } enabled && enabled != user.Enabled))
            {
                AttributeRules.CheckWrite(pool, changed, user, admin: true);
                foreach (var (name, value) in changed)
                {
                    user.Attributes[name] = value;
                }

                user.Enabled = declared.Enabled ?? user.Enabled;
                user.LastModified = now;
                await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
                changes.Add($"updated user {declared.Username} in {pool.Id}");
            }
        }

        if (declared.Groups.Count > 0)
        {
            var memberOf = (await session.ListGroupsForUserAsync(pool.Id, user.Key, null, int.MaxValue, call.CancellationToken).ConfigureAwait(false))
                .Select(g => g.GroupName).ToHashSet(StringComparer.Ordinal);
            foreach (var group in declared.Groups.Where(g => !memberOf.Contains(g)))
            {
                await GroupRules.GroupAsync(session, pool.Id, group, call).ConfigureAwait(false);
                await session.AddMemberAsync(pool.Id, group, user.Key, call.CancellationToken).ConfigureAwait(false);
                changes.Add($"added user {declared.Username} to group {group} of {pool.Id}");
            }
        }
    }

    /// <summary>Custom attributes declared but not in the pool are added, as AddCustomAttributes would; none is removed.</summary>
    private static void AddCustomAttributes(UserPool pool, List<SchemaAttribute>? declared)
    {
        var schema = pool.SchemaAttributes ??= [];
        foreach (var attribute in declared ?? [])
        {
            if (StandardSchema.IsStandard(attribute.Name!))
            {
                continue;
            }

            var custom = StandardSchema.Custom(attribute);
            if (!schema.Any(s => s.Name == custom.Name))
            {
                schema.Add(custom);
            }
        }
    }

    private static void Immutable(List<string>? current, List<string>? declared, string member)
    {
        if (!(current ?? []).Order(StringComparer.Ordinal).SequenceEqual((declared ?? []).Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw CognitoException.InvalidParameter($"{member} cannot change once the pool exists (nor can they in AWS): delete the pool to change them.");
        }
    }

    private void Changed(object? current, string what) => changes.Add((current is null ? "created " : "updated ") + what);

    private static string Json(UserPool pool)
    {
        var modified = pool.LastModifiedDate;
        pool.LastModifiedDate = null;
        var json = JsonSerializer.Serialize(pool, CoreJson.Default.UserPool);
        pool.LastModifiedDate = modified;
        return json;
    }

    private static string Json(AppClient client)
    {
        var modified = client.LastModifiedDate;
        client.LastModifiedDate = null;
        var json = JsonSerializer.Serialize(client, CoreJson.Default.AppClient);
        client.LastModifiedDate = modified;
        return json;
    }

    private static string Json(ResourceServer server) => JsonSerializer.Serialize(server, CoreJson.Default.ResourceServer);

    /// <summary>Runs one declared object's step; Core's error comes back prefixed with where the object is in the file.</summary>
    internal static Task Guard(Declared at, Func<Task> step) => Guard(at, async () =>
    {
        await step().ConfigureAwait(false);
        return true;
    });

    /// <summary>As the other overload, for a step that answers something.</summary>
    internal static async Task<T> Guard<T>(Declared at, Func<Task<T>> step)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (CognitoException e)
        {
            throw new ConfigException($"{at.Where}: {e.Type}: {e.Message}");
        }
        catch (Core.Gateway.ApiGatewayException e)
        {
            throw new ConfigException($"{at.Where}: {e.Type}: {e.Message}");
        }
    }
}
