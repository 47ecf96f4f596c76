"""Prefect flows of yaodian (installed as `yaodian.flows`): they compose yaodian's plain stages."""
