"""Airflow objects shared by the DAG files (never imported from one DAG file into another, which
would register a DAG twice). Imports Airflow: only DAG files import this module."""

from airflow.sdk import Asset

from pipeline.airflow_support import FIGURES_ASSET

# Produced by every successful load; crimestats_rebuild is scheduled on it.
FIGURES = Asset(FIGURES_ASSET)
