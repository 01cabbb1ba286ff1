"""``python -m crm_core``: see :mod:`crm_core.cli`."""

import sys

from .cli import main

sys.exit(main())
