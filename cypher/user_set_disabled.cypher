// Disable or re-enable an account; the version changes so that its sessions end at once.
MATCH (u:User {username: $username})
SET u.disabled = $disabled, u.updated_at = $now, u.version = coalesce(u.version, 0) + 1
RETURN u.username AS username
