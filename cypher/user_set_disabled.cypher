// Disable or re-enable an account.
MATCH (u:User {username: $username})
SET u.disabled = $disabled, u.updated_at = $now
RETURN u.username AS username
