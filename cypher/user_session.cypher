// What a signed-in session re-reads on every page: the account as it stands now (no hash).
MATCH (u:User {username: $username})
RETURN u {.username, .display_name, .roles, .agency, .operations, .disabled, .version,
          .source} AS user
