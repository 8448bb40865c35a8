"""``python -m eklase_server``."""

import sys

from eklase_server.cli import main

sys.exit(main())
