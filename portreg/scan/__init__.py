"""``portreg scan``: find hard-coded ports in the code and hold them against the registry.

The work is split the way data flows: ``files`` decides which files to read, ``matcher``
finds port numbers in their bytes, ``owners`` says which services a file belongs to, and
``judge`` turns each hit into a finding (or nothing) using the registry.
"""
