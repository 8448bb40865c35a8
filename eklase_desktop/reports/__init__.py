"""Report builders: frozen dataclasses in, PDF bytes out (reportlab, DejaVu Sans)."""
