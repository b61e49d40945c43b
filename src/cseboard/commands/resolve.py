"""``cseboard resolve``: find duplicate people, review candidates, merge and un-merge.

Every command goes through the same services as the board (practice lead only), as the user
named by ``--as`` or, without it, the operator acting as practice lead (``cli:<os user>``).
Merges and un-merges are audited as combinations with the reason given.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from cseboard.cli_support import (
    AsUser,
    acting_as,
    choice,
    console,
    merges_table,
    progress_bar,
    wide_console,
)
from cseboard.models.resolve import CandidateStatus, CandidateView, MergeStatus

__all__ = ["resolve_app"]

resolve_app = typer.Typer(
    help="Duplicate people across agencies: candidates, confirm, reject, unmerge.",
    no_args_is_help=True,
)
Reason = Annotated[str, typer.Option("--reason", help="Why (recorded in the audit trail).")]


def _names(view: CandidateView, side: str) -> str:
    records = view.records_a if side == "a" else view.records_b
    shown = []
    for r in records:
        name = " ".join(n for n in (r.first_name, r.last_name) if n) or "/".join(r.aliases) or "?"
        dob = r.date_of_birth.isoformat() if r.date_of_birth else "no DOB"
        shown.append(f"{name} ({dob}, {r.record_key})")
    return "; ".join(shown)


def _candidates_table(views: list[CandidateView]) -> Table:
    table = Table(title="Candidates (strongest first)")
    for column in ("candidate", "bits", "prob.", "person A", "person B", "agrees", "disagrees"):
        table.add_column(column)
    for v in views:
        c = v.candidate
        agrees = ", ".join(f"{x.field} {x.level}" for x in c.contributions if x.weight > 0)
        disagrees = ", ".join(f"{x.field} {x.level}" for x in c.contributions if x.weight < 0)
        table.add_row(
            c.candidate_id + (" (auto)" if c.automatic else ""),
            f"{c.weight:.1f}",
            f"{c.probability:.3f}",
            _names(v, "a") or c.person_a,
            _names(v, "b") or c.person_b,
            agrees,
            disagrees or "-",
        )
    return table


@resolve_app.command("candidates")
def resolve_candidates(
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Search all people again first.")
    ] = False,
    auto_merge: Annotated[
        bool | None,
        typer.Option(
            "--auto-merge/--no-auto-merge",
            help="With --refresh: merge same-NHS-number pairs at once (default from settings).",
        ),
    ] = None,
    status: Annotated[str, typer.Option(help="open, rejected or merged")] = "open",
    person: Annotated[str | None, typer.Option(help="Only candidates naming this person.")] = None,
    limit: Annotated[int, typer.Option(help="How many to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    as_user: AsUser = None,
) -> None:
    """List candidate duplicate people with their explanation (optionally search again first)."""
    from cseboard.services import resolve as service

    wanted = choice(CandidateStatus, status)
    with acting_as(as_user) as (ctx, user):
        if refresh:
            with progress_bar(console) as progress:
                summary = service.find_duplicates(
                    ctx, user, auto_merge=auto_merge, progress=progress
                )
            console.print(
                f"Compared {summary.pairs_compared:,} pairs of {summary.people:,} people in "
                f"{summary.seconds:.1f} s: {summary.candidates:,} candidates, "
                f"{summary.automatic_merges:,} automatic merges, "
                f"{summary.suppressed_rejected:,} left out as already rejected."
            )
        views = service.candidates(ctx, user, status=wanted, person_id=person, limit=limit)
    if as_json:
        for view in views:
            print(view.model_dump_json())
        return
    wide_console(160).print(_candidates_table(views))


@resolve_app.command("show")
def resolve_show(
    candidate_id: Annotated[str, typer.Argument(help="Candidate id (C-…).")],
    as_user: AsUser = None,
) -> None:
    """One candidate: every field's level, values and weight, and both people's records."""
    from cseboard.services import resolve as service

    with acting_as(as_user) as (ctx, user):
        view = service.candidate(ctx, user, candidate_id)
    c = view.candidate
    out = wide_console(160)
    out.print(
        f"{c.candidate_id} ({view.status.value}): {c.weight:.1f} bits, probability "
        f"{c.probability:.4f}{', automatic' if c.automatic else ''}; prior {c.prior:.1f} bits"
    )
    table = Table(title="Why")
    for column in ("field", "level", "values", "bits", "meaning"):
        table.add_column(column)
    for x in c.contributions:
        table.add_row(x.field, x.level, x.values or "", f"{x.weight:+.1f}", x.detail)
    out.print(table)
    out.print(f"A {c.person_a}: {_names(view, 'a')}")
    out.print(f"B {c.person_b}: {_names(view, 'b')}")


@resolve_app.command("confirm")
def resolve_confirm(
    candidate_id: Annotated[str, typer.Argument(help="Candidate id (C-…).")],
    reason: Reason,
    survivor: Annotated[
        str | None, typer.Option(help="Person id to keep (default: the one with more records).")
    ] = None,
    as_user: AsUser = None,
) -> None:
    """Merge a candidate pair: records and relationships move to one person (reversible)."""
    from cseboard.services import resolve as service

    with acting_as(as_user) as (ctx, user):
        merge = service.confirm_candidate(
            ctx,
            user,
            candidate_id,
            reason=reason,
            survivor=survivor,
        )
    wide_console(160).print(
        f"Merged {merge.absorbed} into {merge.survivor} ({merge.merge_id}): "
        f"{len(merge.records)} agency records, {merge.relationships} relationships re-pointed. "
        f"Undo with: cseboard resolve unmerge {merge.merge_id} --reason …"
    )


@resolve_app.command("reject")
def resolve_reject(
    candidate_id: Annotated[str, typer.Argument(help="Candidate id (C-…).")],
    reason: Reason,
    as_user: AsUser = None,
) -> None:
    """Record that a candidate pair are different people; it is not proposed again."""
    from cseboard.services import resolve as service

    with acting_as(as_user) as (ctx, user):
        view = service.reject_candidate(ctx, user, candidate_id, reason=reason)
    wide_console(160).print(f"Rejected {view.candidate.candidate_id}: not proposed again.")


@resolve_app.command("unmerge")
def resolve_unmerge(
    merge_id: Annotated[str, typer.Argument(help="Merge id (M-…).")],
    reason: Reason,
    keep_proposing: Annotated[
        bool,
        typer.Option(
            "--keep-proposing",
            help="Do not record the pair as different people (a search may propose it again).",
        ),
    ] = False,
    as_user: AsUser = None,
) -> None:
    """Undo a merge exactly: both people, their records and relationships come back."""
    from cseboard.services import resolve as service

    with acting_as(as_user) as (ctx, user):
        undone = service.unmerge(
            ctx,
            user,
            merge_id,
            reason=reason,
            remember_rejection=not keep_proposing,
        )
    wide_console(160).print(
        f"Un-merged {undone.merge_id}: {undone.absorbed} and {undone.survivor} are separate again."
    )


@resolve_app.command("merges")
def resolve_merges(
    status: Annotated[str | None, typer.Option(help="merged or unmerged")] = None,
    person: Annotated[str | None, typer.Option(help="Only merges of this person.")] = None,
    limit: Annotated[int, typer.Option(help="How many to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    as_user: AsUser = None,
) -> None:
    """Merges, automatic and confirmed, latest first (each can be un-merged)."""
    from cseboard.services import resolve as service

    wanted = choice(MergeStatus, status) if status else None
    with acting_as(as_user) as (ctx, user):
        found = service.merges(ctx, user, status=wanted, person_id=person, limit=limit)
    if as_json:
        for merge in found:
            print(json.dumps(merge.model_dump(mode="json")))
        return
    wide_console(160).print(merges_table(found))
