"""Tests of what the build publishes; they share tests/minimal_agency.py with the bad-input corpus."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
