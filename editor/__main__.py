import sys

from editor.cli import main

if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        # The summary reads files in spawned worker processes; a frozen bundle must route them here first.
        # (Only there: importing multiprocessing costs the window's start ~6 ms for nothing.)
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
