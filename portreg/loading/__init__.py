"""Reading a registry: files → YAML nodes → plain data with the place of every value →
validated records.

``registry`` finds and merges the files (``load_registry``); ``loader`` reads one file:
``compose`` turns its text into YAML nodes safely, the loader's walk turns them into data
and keeps positions in a ``sourcemap``; ``yaml_errors`` explains YAML syntax errors;
``validation`` checks the data against ``core_schema`` (generated from ``portreg.models``
by ``core_schema_gen``) and turns its errors into findings.
"""
