"""``python -m pipeline`` is the ``annocite`` command."""

import sys

from pipeline.cli import main

sys.exit(main())
