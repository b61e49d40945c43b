// A successful login clears the failure count.
MATCH (u:User {username: $username})
SET u.failed_logins = 0, u.locked_until = null, u.last_login_at = $now
RETURN u.username AS username
