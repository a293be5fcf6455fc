"""Make the shared helpers of tests/ordinal importable (``from ordinal_reference import ...``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
