""" "How are these two connected?": the form, and the chains with each link's records.

Shared by the network explorer and the person profile. The service checks both people and
audits the view with its purpose; the answer is kept for the sign-in (a rerun is not a new
consultation).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cseboard.board.components.cached import cached
from cseboard.board.components.common import agency_label, distinct, show_error
from cseboard.board.components.link_chart import chains_chart
from cseboard.board.session import stated_purpose
from cseboard.errors import CseBoardError
from cseboard.models.casework import category_label, md_escape, uk_time
from cseboard.models.network import MIN_GRADING_CHOICES
from cseboard.models.paths import PathAnswer, PathChain
from cseboard.models.users import User
from cseboard.services.context import ServiceContext
from cseboard.services.paths import DEFAULT_MAX_HOPS, MAX_HOPS, find_chains

__all__ = ["ANSWERS", "chain_finder", "show_chains"]

ANSWERS = "chains"
"""The page cache of answers (``components.cached``)."""
_ASKED = "chains_asked"
_ANY = "Any grading"
_WINDOWS = {90: "90 days", 180: "6 months", 365: "12 months", 730: "2 years", 1825: "5 years"}


def _hops_text(chain: PathChain) -> str:
    links = len(chain.hops)
    return f"{links} link" + ("" if links == 1 else "s")


def _records_frame(chain: PathChain) -> pd.DataFrame:
    rows = []
    for n, hop in enumerate(chain.hops, start=1):
        for r in hop.evidence:
            episode = r.category == "missing_episode"
            rows.append(
                {
                    "Link": f"{n}. {hop.source_label} — {hop.target_label}",
                    "Weight": round(hop.weight, 2),
                    "Weakest": "weakest" if hop.weakest else "",
                    "Record": r.record_id,
                    "Agency": agency_label(r.agency),
                    "Grading": "missing-episode record" if episode else (r.grading or ""),
                    "Category": "Missing episode" if episode else category_label(r.category),
                    "Reported": uk_time(r.reported_at),
                }
            )
    return pd.DataFrame(rows)


def show_chains(answer: PathAnswer, *, key: str) -> None:
    """The answer: a small chart of the chains, then each chain with its links' records."""
    head = (
        f"{answer.source_label} to {answer.target_label}: "
        + (
            f"{len(answer.chains)} chain(s) of at most {answer.max_hops} links"
            if answer.chains
            else f"no chain of at most {answer.max_hops} links that you may see"
        )
        + f" · evidence {uk_time(answer.window_start)} to {uk_time(answer.window_end)}"
        + (f" · grading {answer.min_grading} or better" if answer.min_grading else "")
    )
    st.markdown(f"**{md_escape(head)}**")
    for note in answer.notes:
        if answer.restricted_shorter is not None and note.startswith("A shorter chain"):
            st.warning(md_escape(note), icon=":material/lock:")
        else:
            st.info(md_escape(note))
    if not answer.chains:
        return
    chains_chart(answer, key=f"{key}_chart")
    st.caption(
        "Fewest links first; among chains as long, the one whose weakest link is strongest "
        "first. The weakest link of each chain is drawn red and dashed. A link's weight adds "
        "up the gradings of its records: it describes the evidence, never a person."
    )
    for n, chain in enumerate(answer.chains, start=1):
        weakest = chain.weakest
        title = f"Chain {n} ({_hops_text(chain)}): " + " → ".join(chain.labels)
        # An expander's label is Markdown: the names on the chain stay text.
        with st.expander(md_escape(title), expanded=n == 1):
            if weakest is not None:
                st.text(
                    f"Weakest link: {weakest.source_label} — {weakest.target_label} "
                    f"(weight {weakest.weight:.2f}, {len(weakest.evidence)} record(s))"
                )
            st.dataframe(_records_frame(chain), hide_index=True, width="stretch")


def chain_finder(
    ctx: ServiceContext,
    user: User,
    people: dict[str, str],
    *,
    key: str,
    start: str | None = None,
    window_days: int = 365,
    min_grading: str | None = None,
) -> None:
    """The form (from, to, chains, longest chain, grading, window, purpose) and its answer."""
    choices = distinct(people)
    ids = list(choices)
    if len(ids) < 2:
        st.info("Open or find at least two people to ask how they are connected.")
        return
    with st.form(f"{key}_form"):
        left, right = st.columns(2)
        first = left.selectbox(
            "From",
            ids,
            index=ids.index(start) if start in ids else 0,
            format_func=choices.__getitem__,
            key=f"{key}_from",
        )
        second = right.selectbox(
            "To",
            ids,
            index=None,
            format_func=choices.__getitem__,
            key=f"{key}_to",
            placeholder="Choose the other person",
        )
        a, b, c, d = st.columns(4)
        k = a.number_input("Chains", 1, 10, 3, key=f"{key}_k")
        hops = b.number_input(
            "Longest chain (links)", 1, MAX_HOPS, DEFAULT_MAX_HOPS, key=f"{key}_hops"
        )
        windows = list(_WINDOWS)
        window = c.selectbox(
            "Time window",
            windows,
            index=windows.index(window_days) if window_days in windows else 2,
            format_func=_WINDOWS.__getitem__,
            key=f"{key}_window",
        )
        grades = [_ANY, *MIN_GRADING_CHOICES]
        grading = d.selectbox(
            "Minimum grading",
            grades,
            index=grades.index(min_grading) if min_grading in grades else 0,
            key=f"{key}_grading",
        )
        purpose = st.text_input(
            "Purpose (recorded in the audit log)",
            value=stated_purpose(str(first)) or "",
            key=f"{key}_purpose",
        )
        if st.form_submit_button("Find the connection", type="primary", icon=":material/route:"):
            if second is None:
                st.error("Choose the other person.")
            else:
                st.session_state[f"{_ASKED}:{key}"] = (
                    str(first),
                    str(second),
                    int(k),
                    int(hops),
                    None if grading == _ANY else str(grading),
                    int(window),
                    purpose.strip(),
                )
    asked = st.session_state.get(f"{_ASKED}:{key}")
    if asked is None:
        return
    source, target, k_, hops_, grading_, window_, purpose_ = asked
    try:
        answer = cached(
            user,
            ANSWERS,
            asked,
            lambda: find_chains(
                ctx,
                user,
                source,
                target,
                purpose=purpose_,
                k=k_,
                max_hops=hops_,
                min_grading=grading_,
                window_days=window_,
            ),
            keep=8,
        )
    except CseBoardError as e:
        show_error(e)
        return
    show_chains(answer, key=key)
