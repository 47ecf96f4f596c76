"""yaodian (要点): Chinese government work plans (工作要点) as structured open data.

One subpackage per stage, in the order data flows: ingest → build → commitments →
quality → release (io and rules below them all; synth for synthetic corpora). The stage
sequence is written once, in yaodian.pipeline; the Prefect flow (flows/, installed as
yaodian.flows) runs that same sequence with its steps as tasks. Everything here imports
without Prefect.
"""

__version__ = "0.1.0"
