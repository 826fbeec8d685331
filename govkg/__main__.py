"""Run the govkg command line: ``python -m govkg``."""

import sys

from govkg.cli import main

sys.exit(main())
