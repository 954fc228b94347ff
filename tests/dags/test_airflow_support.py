"""pipeline.airflow_support without Airflow: task defaults, dates, and what counts as a failure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipeline import airflow_support


def test_task_defaults_can_be_shrunk_for_tests() -> None:
    defaults = airflow_support.task_defaults(
        {"CRIMESTATS_TASK_RETRIES": "1", "CRIMESTATS_RETRY_DELAY_SECONDS": "0.5"}
    )
    assert defaults["retries"] == 1
    assert defaults["retry_delay"] == timedelta(seconds=0.5)


def test_parse_date() -> None:
    assert airflow_support.parse_date("2023-01-31", "since") == date(2023, 1, 31)
    assert airflow_support.parse_date(None, "until") is None
    assert airflow_support.parse_date("", "until") is None
    with pytest.raises(ValueError, match="since: '31/01/2023' is not a date"):
        airflow_support.parse_date("31/01/2023", "since")


def test_fetch_rejects_an_inverted_range() -> None:
    with pytest.raises(ValueError, match="before since"):
        airflow_support.fetch("sample", since="2023-12-31", until="2023-01-01", backfill=True)


def test_check_fetches_names_the_failed_sources() -> None:
    airflow_support.check_fetches([], {}, "fetch")
    airflow_support.check_fetches(["a"], {"fetch_0": "success"}, "fetch")
    states = {"fetch_0": "success", "fetch_1": "failed", "fetch_2": "upstream_failed"}
    with pytest.raises(airflow_support.FetchesFailed, match="2 of 3 sources failed: b, c"):
        airflow_support.check_fetches(["a", "b", "c"], states, "fetch")
    with pytest.raises(airflow_support.FetchesFailed, match="listing the enabled sources"):
        airflow_support.check_fetches(None, {}, "fetch")
