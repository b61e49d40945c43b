// Count a failed login; lock the account for a while after too many in a row.
MATCH (u:User {username: $username})
SET u.failed_logins = coalesce(u.failed_logins, 0) + 1
SET u.locked_until = CASE WHEN u.failed_logins >= $max_failures THEN $lock_until ELSE u.locked_until END
RETURN u.failed_logins AS failed_logins, u.locked_until AS locked_until
