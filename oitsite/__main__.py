"""``python -m oitsite``."""

import sys

from oitsite.cli import main

sys.exit(main())
