"""yaodian (要点): Chinese government work plans (工作要点) as structured open data.

The package holds the pure text logic, one module per stage (read, clean, segment,
reconcile, publish); it imports without Prefect. The Prefect flow lives in `flows/`.
"""

__version__ = "0.1.0"
