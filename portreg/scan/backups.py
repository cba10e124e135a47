"""Backup and editor copies: never the code that runs, and full of the ports it used to say.

Two rules, so that names nobody listed are caught too:

- the usual marks: ``x.bak``, ``x.bak2``, ``x.go.bak-2024``, ``x.orig``, ``x.rej``,
  ``.x.swp``, ``.x.swo``, ``x.old``, ``x.backup``, ``x.bkp``, ``x.save``, ``x~``, ``#x#``;
- a file kind's extension followed by one more suffix that is itself no file kind, template
  or variant: ``infra.go.tmpbak``, ``suite_test.go.eventfix``, ``client.go.ogenbak``,
  ``config.yaml.save``. ``values.yaml.tpl``, ``config.toml.example``, ``app.yml.dist`` and
  ``.env.e2e`` are real files of their own and stay.
"""

from __future__ import annotations

import re

_MARKED = re.compile(r"\.bak[^/]*$|\.(?:orig|rej|swp|swo|old|backup|bkp|save)$|~$|(?:^|/)#[^/]*#$")
# Extensions of the files a scan reads: code, configuration, documents, data.
SOURCE_EXTENSIONS = frozenset(
    {"go", "py", "pyi", "sh", "bash", "zsh", "env", "envrc", "yml", "yaml", "mk", "md"}
    | {"markdown", "rst", "js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "java", "kt"}
    | {"kts", "rs", "c", "h", "cc", "cpp", "hpp", "cs", "swift", "scala", "groovy", "gradle"}
    | {"proto", "css", "scss", "less", "jsonc", "toml", "ini", "cfg", "conf", "cnf"}
    | {"properties", "json", "xml", "txt", "sql", "tf", "tfvars", "hcl", "html", "htm", "rb"}
    | {"php", "pl", "lua", "dart", "ex", "exs", "erl", "vue", "svelte", "bzl", "nix", "cue"}
    | {"jsonnet", "libsonnet", "rego", "ps1", "bat", "cmd", "service", "dockerfile", "csv"}
)
# Suffixes that make a file of its own from another: templates, examples, variants.
VARIANT_SUFFIXES = frozenset(
    {"tpl", "tmpl", "template", "j2", "jinja", "jinja2", "gotmpl", "erb", "mustache", "hbs"}
    | {"liquid", "example", "examples", "sample", "dist", "in", "default", "defaults", "local"}
    | {"dev", "development", "prod", "production", "staging", "stage", "test", "testing", "ci"}
    | {"e2e", "integration", "golden", "snap", "lock", "sum", "mod", "d"}
)
_SUFFIX = re.compile(r"^[A-Za-z0-9_-]+$")


def is_backup(relative: str) -> bool:
    """Whether a file (its path relative to the project root) is a backup or editor copy."""
    name = relative.rsplit("/", 1)[-1]
    if _MARKED.search(name):  # every mark is in the name: no need to search the folders
        return True
    parts = name.lstrip(".").split(".")
    if parts[0].lower() == "env":  # .env.test, .env.e2e: variants of .env, always real
        return False
    # x.go.tmpbak: a name, a kind, a suffix; a dotfile's name is its kind (.envrc.save).
    if len(parts) < (2 if name.startswith(".") else 3):
        return False
    last, kind = parts[-1].lower(), parts[-2].lower()
    return (
        kind in SOURCE_EXTENSIONS
        and last not in SOURCE_EXTENSIONS
        and last not in VARIANT_SUFFIXES
        and _SUFFIX.match(last) is not None
    )
