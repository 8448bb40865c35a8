"""PDFs read back as text with poppler's ``pdftotext`` (real PDFs, SPEC P8)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from eklase_desktop.reports.document import Document, render


def pdf_pages(pdf: bytes, folder: Path) -> list[str]:
    """The PDF's pages as ``pdftotext -layout`` reads them."""
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


def rendered(document: Document, folder: Path) -> list[str]:
    return pdf_pages(render(document), folder)
