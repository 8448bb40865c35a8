"""Use cases: one unit of work each, frozen dataclasses out, domain errors for bad input."""
