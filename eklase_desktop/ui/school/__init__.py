"""The clerk's and the deputy's desk: *Skola* (SPEC C1–C3, V4; DOMAIN: school set-up)."""
