"""The deterministic demo school, shared by the desktop (``--demo``) and the server
(``eklase-server seed-demo``). Depends on ``domain`` and ``models`` only."""

from eklase_desktop.demo.school import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DemoSummary,
    ensure_demo_school,
    generate_demo_school,
)

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "DemoSummary",
    "ensure_demo_school",
    "generate_demo_school",
]
