"""Creating a model version from an experiment run: what is copied from the run and how both are linked."""

from __future__ import annotations
