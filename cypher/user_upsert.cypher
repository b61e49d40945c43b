// Create or update a local account (the hash is argon2id; plain passwords never reach the store).
// `version` changes on every edit, so signed-in sessions of the account notice at their next page.
MERGE (u:User {username: $username})
  ON CREATE SET u.created_at = $now, u.failed_logins = 0, u.source = 'local'
SET u.display_name = $display_name,
    u.roles = $roles,
    u.agency = $agency,
    u.operations = $operations,
    u.password_hash = coalesce($password_hash, u.password_hash),
    u.disabled = false,
    u.updated_at = $now,
    u.version = coalesce(u.version, 0) + 1
RETURN u.username AS username
