"""The central E-klase server (FastAPI): accounts, permissions, sync and the audit log."""

__version__ = "0.1.0"
