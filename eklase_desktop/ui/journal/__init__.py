"""The journal grid: model, delegate and view."""
