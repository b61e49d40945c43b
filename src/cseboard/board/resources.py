"""Process-wide resources of the board: one driver per process, shared by every session."""

from __future__ import annotations

import neo4j
import streamlit as st

from cseboard.config import Settings
from cseboard.store.connection import connect, wait_until_ready

__all__ = ["get_driver", "get_settings"]


@st.cache_resource
def get_settings() -> Settings:
    return Settings()


@st.cache_resource
def get_driver() -> neo4j.Driver:
    """The driver holds no user data, so caching it as a resource is safe."""
    driver = connect(get_settings())
    wait_until_ready(driver, deadline_s=30)
    return driver
