"""One module per command. ``portreg.cli`` wires them to the command line."""
