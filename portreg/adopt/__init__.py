"""Adoption: a first registry from what a repository already says about its ports.

Each source of evidence fills one :class:`~portreg.adopt.evidence.Evidence`: the tree's
code (``init --discover``, read by :mod:`portreg.edit.discover`), a hand-kept markdown
document (``init --from-table``, read by :mod:`portreg.adopt.table`), and later the records
of ``portreg run``. :mod:`portreg.adopt.proposal` turns the evidence into the registry's
text and the findings ``init`` reports; :mod:`portreg.adopt.compare` holds two sources
against each other. Nothing here reads a tree: a reader hands over evidence, and the rest
never knows which reader it came from.
"""
