// An identity-provider user signing in: their account row is made on first sign-in (no password,
// roles from the provider's claims), so an administrator can list and disable them. A row of a
// local account with the same name is left alone (the caller refuses the sign-in).
MERGE (u:User {username: $username})
  ON CREATE SET u.created_at = $now, u.source = 'oidc', u.disabled = false, u.version = 1,
                u.failed_logins = 0
FOREACH (_ IN CASE WHEN u.source = 'oidc' THEN [1] ELSE [] END |
  SET u.display_name = $display_name, u.roles = $roles, u.agency = $agency,
      u.operations = $operations, u.last_login_at = $now)
RETURN u {.username, .display_name, .roles, .agency, .operations, .disabled, .version,
          .source} AS user
