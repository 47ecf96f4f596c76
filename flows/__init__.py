"""The Prefect flow and its deployment (installed as yaodian.flows); they only compose yaodian's stages.

The deployment's defaults live here, without importing Prefect, so the CLI can show them.
"""

NAME = "yaodian-weekly"
CRON = "0 6 * * 1"  # Mondays at 06:00
TIMEZONE = "Asia/Shanghai"
RUNNERS = ("default", "dask")
