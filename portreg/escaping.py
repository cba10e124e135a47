"""Control characters made visible, for every text portreg prints or writes into markdown.

Shared by the reporters, the commands' status lines and the generated docs, so it lives
in none of them.
"""

from __future__ import annotations

import re

# Characters that could break a line or fool a terminal: C0 and C1 controls, Unicode line
# separators, and the lone surrogates that stand for bytes of a name that is not UTF-8.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_control(text: str) -> str:
    """``text`` with every control character written as an escape (``\\n``, ``\\x1b``), so
    that a file name cannot print a line that looks like a finding of its own."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
