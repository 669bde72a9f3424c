"""The `desk` command: the app's second face beside `ui/`, one module per area.

Each module defines `register(subparsers)` and sets `func(args, ctx) -> int` on its
parsers; `cli.main` finds them by itself, so adding an area touches no other file.
"""
