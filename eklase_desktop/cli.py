"""The ``eklase-desktop`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from eklase_desktop import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eklase-desktop",
        description="E-klase Desktop: the school journal, offline on this computer.",
        epilog="eklase-desktop report --help: build a report as a PDF with no window",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start a local server with the demo school (created on first use) and sign in",
    )
    parser.add_argument(
        "--demo-reset", action="store_true", help="with --demo: throw the demo data away first"
    )
    parser.add_argument("--server", help="the school's server, e.g. https://eklase.skola.lv")
    parser.add_argument("--user", help="user name (with --demo: skips the picker)")
    parser.add_argument(
        "--data-dir", help="where profiles are kept (default: EKLASE_DATA_DIR or the user dir)"
    )
    parser.add_argument("--lang", choices=["lv", "en"], help="user-interface language")
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        help="open the journal, save a picture of the main window to FILE.png and exit",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["report"]:
        from eklase_desktop.batch import run as report

        return report(argv[1:])
    args = build_parser().parse_args(argv)
    from eklase_desktop.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
