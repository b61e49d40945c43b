// Bare-write baseline: the locations, vehicles, phones and online accounts the reports mention,
// created bare before the timing starts (people and agencies have their own statements).
CALL () {
  UNWIND $location_ids AS id
  CREATE (:Location {location_id: id})
}
CALL () {
  UNWIND $vrms AS vrm
  CREATE (:Vehicle {vrm: vrm})
}
CALL () {
  UNWIND $phones AS e164
  CREATE (:Phone {e164: e164})
}
CALL () {
  UNWIND $accounts AS account_key
  CREATE (:OnlineAccount {account_key: account_key})
}
