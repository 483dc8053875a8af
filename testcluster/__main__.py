"""Entry point for `python -m testcluster`."""

import sys

from .cli import main

sys.exit(main())
