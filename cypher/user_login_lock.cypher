// Take the account's write lock before its lock-out state is read, so that concurrent sign-ins
// are counted one after another (see user_login_reserve).
MATCH (u:User {username: $username})
SET u.login_lock_at = $now
RETURN u.username AS username
