#!/usr/bin/env python3
"""Build the gazette site. Run `python build.py --help` for every command."""

import sys

from gazette.cli import main

if __name__ == "__main__":
    sys.exit(main())
