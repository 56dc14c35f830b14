"""Batch: a plan (base spec × matrix of values) → many drafts in parallel, with a manifest.
plan.py reads the plan and names the cells, run.py drafts them, manifest.py keeps their rows on
disk and writes the manifest, folder.py guards the output folder."""

from drafter.batch.plan import Cell, Plan, load_plan, safe_name, windows_reserved
from drafter.batch.run import BATCH_RULES, Job, Summary, run, run_job, run_plan, write_manifest

__all__ = ["BATCH_RULES", "Cell", "Job", "Plan", "Summary", "load_plan", "run", "run_job",
           "run_plan", "safe_name", "windows_reserved", "write_manifest"]
