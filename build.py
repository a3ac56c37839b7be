#!/usr/bin/env python3
"""Build the gazette site. Run `python build.py --help` for every command."""

import sys

if __name__ == "__main__":
    # Ctrl-C can come at any moment, even while the engine is still being imported.
    try:
        from gazette.cli import main

        sys.exit(main())
    except KeyboardInterrupt:
        print("已中断，原有网站未作任何改动。", file=sys.stderr)
        sys.exit(130)
