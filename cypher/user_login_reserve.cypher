// Count a sign-in attempt before its password is checked, in the transaction that holds the
// account's lock: an account that is locked (or disabled) is refused without counting; otherwise
// the attempt counts as a failure (a success clears it, user_login_ok) and the attempt that
// reaches the limit locks the account. Concurrent guesses cannot pass the limit.
MATCH (u:User {username: $username})
WITH u, (u.locked_until IS NOT NULL AND u.locked_until > $now) AS locked,
     coalesce(u.disabled, false) AS disabled
SET u.failed_logins = CASE WHEN locked OR disabled THEN coalesce(u.failed_logins, 0)
                           ELSE coalesce(u.failed_logins, 0) + 1 END
WITH u, locked, disabled
SET u.locked_until = CASE WHEN NOT locked AND NOT disabled AND u.failed_logins >= $max_failures
                          THEN $lock_until ELSE u.locked_until END
RETURN locked, disabled, u.password_hash AS password_hash,
       u {.username, .display_name, .roles, .agency, .operations, .version, .source} AS user
