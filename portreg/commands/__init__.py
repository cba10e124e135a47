"""One module per command. ``portreg.main`` wires them to the command line."""
