"""Maps validated exchange rows to the parameter rows the store's batch statements expect."""

from __future__ import annotations

from typing import Any

from cseboard.models.exchange import (
    ExchangeRow,
    IntelligenceRow,
    LocationRow,
    MissingEpisodeRow,
    PersonRow,
)
from cseboard.models.ids import location_id_for, person_id_for, place_id_for

__all__ = ["PERSON_FIELDS", "write_row"]

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "aliases",
    "date_of_birth",
    "gender",
    "nhs_number",
    "postcode",
    "looked_after",
    "cp_plan",
    "child_in_need",
)


def _person_ref(agency: str, ref: str) -> dict[str, str]:
    return {
        "agency": agency,
        "source_ref": ref,
        "record_key": f"{agency}/{ref}",
        "person_id": person_id_for(agency, ref),
    }


def _location_ref(agency: str, ref: str) -> dict[str, str]:
    return {"agency": agency, "source_ref": ref, "location_id": location_id_for(agency, ref)}


def _unique_accounts(accounts: list[dict[str, str]]) -> list[dict[str, str]]:
    seen = {(a["platform"], a["handle"]): a for a in accounts}
    return list(seen.values())


def _base(params: dict[str, Any], extra: dict[str, str]) -> dict[str, Any]:
    agency, ref = params.pop("agency"), params.pop("source_ref")
    return {
        "agency": agency,
        "source_ref": ref,
        "key": f"{agency}/{ref}",
        "hash": params.pop("row_hash"),
        "extra": extra,
    }


def write_row(
    model: ExchangeRow, extra: dict[str, str] | None = None, *, merge_only: bool = False
) -> dict[str, Any]:
    """The write row for one validated model; ``extra`` holds allow-listed unknown columns.

    ``merge_only`` is for SSD extracts, which describe the same council records as its exchange
    files but carry fewer fields: they fill in what they have and never blank the rest.
    """
    row = _write_row(model, extra)
    row["source_format"] = "ssd" if merge_only else "exchange"
    if merge_only:
        for key in ("props", "person_props"):
            if key in row:
                row[key] = {k: v for k, v in row[key].items() if v not in (None, [], "")}
    # One map holds everything the node stores, so the upsert needs a single SET.
    row["props"].update(row.pop("extra"))
    row["props"]["ssd_row_hash" if merge_only else "row_hash"] = row["hash"]
    return row


def _write_row(model: ExchangeRow, extra: dict[str, str] | None) -> dict[str, Any]:
    params = model.write_params()
    if extra:
        params["extra"] = extra  # extra columns take part in change detection
    row = _base(params, {f"x_{k}": v for k, v in (extra or {}).items()})
    params.pop("extra", None)
    agency, ref = row["agency"], row["source_ref"]
    if isinstance(model, PersonRow):
        person = {k: params[k] for k in PERSON_FIELDS}
        names = [params["first_name"], params["last_name"]]
        person["display_name"] = " ".join(n for n in names if n) or (params["aliases"] or [None])[0]
        if params["role"] is not None:
            person["role"] = params["role"]
        row.update(props=params, person_props=person, self_refs=[_person_ref(agency, ref)])
    elif isinstance(model, LocationRow):
        row.update(
            props=params,
            location_id=location_id_for(agency, ref),
            place_id=place_id_for(agency, ref),
        )
    elif isinstance(model, IntelligenceRow):
        people = list(dict.fromkeys(params.pop("people")))
        locations = list(dict.fromkeys(params.pop("locations")))
        row.update(
            people=people,
            people_refs=[_person_ref(agency, r) for r in people],
            location_refs=[_location_ref(agency, r) for r in locations],
            location_ids=[location_id_for(agency, r) for r in locations],
            vehicles=list(dict.fromkeys(params.pop("vehicles"))),
            phones=list(dict.fromkeys(params.pop("phones"))),
            online_accounts=_unique_accounts(params.pop("online_accounts")),
            props=params,
        )
    elif isinstance(model, MissingEpisodeRow):
        person_ref = params.pop("person_ref")
        found = params.pop("found_location_ref")
        with_refs = [r for r in dict.fromkeys(params.pop("missing_with")) if r != person_ref]
        row.update(
            person_ref=person_ref,
            person_refs=[_person_ref(agency, person_ref)],
            missing_with=with_refs,
            missing_with_refs=[_person_ref(agency, r) for r in with_refs],
            found_location_ids=[location_id_for(agency, found)] if found else [],
            location_refs=[_location_ref(agency, found)] if found else [],
            props=params,
        )
        row["props"]["found_location_ref"] = found
        row["props"]["missing_with_refs"] = with_refs
    else:  # pragma: no cover - every record type is handled above
        raise TypeError(type(model).__name__)
    return row
