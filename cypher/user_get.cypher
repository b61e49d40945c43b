// One account with its lock-out state.
MATCH (u:User {username: $username})
RETURN u {.*} AS user
