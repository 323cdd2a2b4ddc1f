import multiprocessing
import sys

from editor.cli import main

if __name__ == "__main__":
    # The summary reads files in spawned worker processes; a frozen bundle must route them here first.
    multiprocessing.freeze_support()
    sys.exit(main())
