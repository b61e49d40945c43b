// All accounts, without password hashes.
MATCH (u:User)
RETURN u {.username, .display_name, .roles, .agency, .operations, .disabled, .last_login_at,
          .failed_logins, .locked_until, .source} AS user
ORDER BY u.username
