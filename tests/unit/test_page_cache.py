"""The board's one page cache: per user and arguments, loaded through the service, emptied on
sign-out."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    """A page that reads ``key`` for the user in session state through the page cache."""
    import streamlit as st

    from cseboard.board.components.cached import cached, forget
    from cseboard.board.session import sign_out
    from cseboard.models.users import Role, User

    who = User(
        username=st.session_state["who"],
        display_name="someone",
        roles=frozenset({Role(st.session_state.get("role", "practice_lead"))}),
    )

    def load() -> str:
        st.session_state["loads"] = st.session_state.get("loads", 0) + 1
        return f"{who.username}:{st.session_state['key']}:{st.session_state['loads']}"

    st.text(
        cached(
            who,
            "thing",
            st.session_state["key"],
            load,
            keep=st.session_state.get("keep"),
            ttl=st.session_state.get("ttl"),
        )
    )
    if st.session_state.pop("forget", False):
        forget("thing", st.session_state["key"])
    if st.session_state.pop("sign_out", False):
        sign_out()


def _run(**state: object) -> AppTest:
    at = AppTest.from_function(_page)
    at.session_state["key"] = 1
    at.session_state["who"] = "amy"
    for name, value in state.items():
        at.session_state[name] = value
    return at.run()


def _shown(at: AppTest) -> str:
    assert not at.exception
    return str(at.text[0].value)


def test_a_rerun_with_the_same_arguments_does_not_load_again() -> None:
    at = _run()
    assert _shown(at) == "amy:1:1"
    assert _shown(at.run()) == "amy:1:1"
    at.session_state["key"] = 2
    assert _shown(at.run()) == "amy:2:2"
    at.session_state["key"] = 1
    assert _shown(at.run()) == "amy:1:1"


def test_another_user_or_a_changed_role_never_sees_the_results() -> None:
    at = _run()
    assert _shown(at) == "amy:1:1"
    at.session_state["who"] = "bea"
    assert _shown(at.run()) == "bea:1:2"
    at.session_state["who"] = "amy"
    assert _shown(at.run()) == "amy:1:3"  # bea's arrival emptied the store
    at.session_state["role"] = "operational"
    assert _shown(at.run()) == "amy:1:4"


def test_forget_keep_and_ttl() -> None:
    at = _run(forget=True)
    assert _shown(at) == "amy:1:1"
    assert _shown(at.run()) == "amy:1:2"
    at = _run(keep=1)
    at.session_state["key"] = 2
    assert _shown(at.run()) == "amy:2:2"
    at.session_state["key"] = 1
    assert _shown(at.run()) == "amy:1:3"
    at = _run(ttl=0.0)
    assert _shown(at) == "amy:1:1"
    assert _shown(at.run()) == "amy:1:2"


def test_signing_out_forgets_everything_the_session_held() -> None:
    at = _run(network_export=b"a pack of someone else")
    assert _shown(at) == "amy:1:1"
    at.session_state["sign_out"] = True
    at.run()
    assert not at.exception
    assert "network_export" not in at.session_state
    assert "cseboard_cache" not in at.session_state
