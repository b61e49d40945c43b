// Create or update a local account (the hash is argon2id; plain passwords never reach the store).
MERGE (u:User {username: $username})
  ON CREATE SET u.created_at = $now, u.failed_logins = 0
SET u.display_name = $display_name,
    u.roles = $roles,
    u.agency = $agency,
    u.operations = $operations,
    u.password_hash = coalesce($password_hash, u.password_hash),
    u.disabled = false,
    u.updated_at = $now
RETURN u.username AS username
