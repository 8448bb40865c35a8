"""``python -m eklase_desktop``."""

import sys

from eklase_desktop.cli import main

sys.exit(main())
