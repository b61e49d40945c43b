"""The "what is due" page: the lead practitioner's operations, everyone for the practice lead."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st

from cseboard.config import Settings
from cseboard.services.leads import set_lead_practitioner
from integration.test_duties import BOARD, LEAD, LP_A, MEMBER_A, Data, data
from support.board import page, point_board_at

__all__ = ["data"]

PAGE = "due_page.py"


@pytest.fixture(scope="module")
def board(data: Data, neo4j_settings: Settings) -> Iterator[Data]:
    set_lead_practitioner(data.ctx, LEAD, "OP-A", "lp.a")
    point_board_at(neo4j_settings)
    st.cache_resource.clear()
    yield data
    st.cache_resource.clear()


def names(at: object, index: int) -> list[str]:
    return list(at.dataframe[index].value["Young person"])  # type: ignore[attr-defined]


def test_lead_practitioner_sees_their_operations_clocks(board: Data) -> None:
    at = page(PAGE, LP_A)
    assert not at.exception and not at.error
    assert "the operations you lead: OP-A" in at.caption[0].value
    rhi = at.dataframe[0].value
    assert list(rhi["State"]) == ["OVERDUE", "clock running"]
    assert list(rhi["Clock"]) == ["ended 8 h ago", "62 h left"]
    assert names(at, 0) == ["Beth Example", "Amy Example"]
    everything = " ".join(" ".join(map(str, f.value.to_numpy().ravel())) for f in at.dataframe)
    assert "Dina" not in everything and "Ella" not in everything


def test_practice_lead_sees_everyone(board: Data) -> None:
    at = page(PAGE, LEAD)
    assert not at.exception
    assert names(at, 0) == ["Beth Example", "Amy Example", "Dina Example", "Ella Example"]


def test_a_member_who_leads_nothing_is_told_so(board: Data) -> None:
    at = page(PAGE, MEMBER_A)
    assert not at.exception
    assert "not the lead practitioner" in at.info[0].value


def test_strategic_member_is_refused(board: Data) -> None:
    at = page(PAGE, BOARD)
    assert not at.exception
    assert "may not view due" in at.error[0].value
