"""Administration: local accounts, listed without password hashes, added and disabled here."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import md_escape
from cseboard.models.users import Role
from cseboard.models.values import LONDON
from cseboard.services.accounts import add_account, disable_account, list_accounts

__all__ = ["render"]


def _when(value: object) -> str:
    return (
        value.astimezone(LONDON).strftime("%d/%m/%Y %H:%M") if hasattr(value, "astimezone") else ""
    )


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("Users")
    st.caption(
        "Local accounts (argon2 password hashes, never shown). Five failed sign-ins lock an "
        "account for 15 minutes. Every change here is on the audit trail."
    )
    try:
        accounts = list_accounts(ctx, user)
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Username": a.username,
                    "Name": a.display_name,
                    "Roles": ", ".join(a.roles),
                    "Agency": a.agency or "",
                    "Operations": ", ".join(a.operations),
                    "Status": "disabled" if a.disabled else "active",
                    "Failed sign-ins": a.failed_logins,
                    "Locked until": _when(a.locked_until),
                    "Last sign-in": _when(a.last_login_at),
                }
                for a in accounts
            ]
        ),
        hide_index=True,
        width="stretch",
    )

    left, right = st.columns(2)
    with left:
        st.subheader("Add a user")
        with st.form("add_user", clear_on_submit=True):
            username = st.text_input(
                "Username", help="Letters, digits, '.', '_' or '-'.", key="user_username"
            )
            display_name = st.text_input("Display name", key="user_display")
            roles = st.multiselect(
                "Roles",
                [r.value for r in Role],
                format_func=lambda r: r.replace("_", " "),
                key="user_roles",
            )
            agency = st.text_input(
                "Agency", help="Needed for operational users, e.g. police.", key="user_agency"
            )
            operations = st.text_input(
                "Operations",
                help="Operation ids, separated by ';' (operational users).",
                key="user_operations",
            )
            password = st.text_input(
                "Password (at least 12 characters)", type="password", key="user_password"
            )
            confirm = st.text_input("Password again", type="password", key="user_confirm")
            submitted = st.form_submit_button("Add user", type="primary", key="user_add")
        if submitted:
            if password != confirm:
                st.error("The two passwords differ.")
            else:
                try:
                    account = add_account(
                        ctx,
                        user,
                        username=username,
                        password=password,
                        roles=roles,
                        display_name=display_name,
                        agency=agency,
                        operations=[o for o in operations.split(";") if o.strip()],
                    )
                except CseBoardError as e:
                    st.error(md_escape(str(e)))
                else:
                    st.success(f"Added {account.username}.")
                    st.rerun()
    with right:
        st.subheader("Disable a user")
        active = [a.username for a in accounts if not a.disabled and a.username != user.username]
        with st.form("disable_user"):
            target = st.selectbox(
                "User", active, index=None, placeholder="Choose a user", key="disable_target"
            )
            sure = st.checkbox("Yes, disable this account now", key="disable_sure")
            disable = st.form_submit_button("Disable", key="disable_submit")
        if disable:
            if not target:
                st.error("Choose a user.")
            elif not sure:
                st.error("Tick the box to confirm.")
            else:
                try:
                    disable_account(ctx, user, target)
                except CseBoardError as e:
                    st.error(md_escape(str(e)))
                else:
                    st.success(f"Disabled {target}.")
                    st.rerun()


render()
