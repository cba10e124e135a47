"""A Python module of ``Final`` integer constants (PEP 8 names: upper case).

A suite with parallel workers also gets its worker count, each port's stride and a function
per port that returns worker i's port.
"""

from __future__ import annotations

from itertools import groupby

from portreg.export import Constant, Export, WorkerGroup, worker_groups


def render(export: Export) -> str:
    lines = [f"# {line}" for line in export.header()]
    lines += ["", "from typing import Final"]
    if export.per_worker:
        lines += _worker_port()
    for service, group in groupby(export.constants, key=lambda constant: constant.service):
        everything = list(group)
        if lines[-1] == _FUNCTION_END:
            lines.append("")  # PEP 8: two blank lines after a function
        lines += ["", f"# {export.service_heading(service)}"]
        lines += [_line(constant) for constant in everything]
        for workers in worker_groups(export, everything):
            lines += _workers(workers)
    return "\n".join(lines) + "\n"


def _line(constant: Constant) -> str:
    if constant.dynamic:
        return f"# {constant.upper}: {constant.detail()}"
    return f"{constant.upper}: Final = {constant.port}"


def _workers(group: WorkerGroup) -> list[str]:
    count = f"{group.upper}_WORKERS"
    lines = ["", f"# {group.about()}", f"{count}: Final = {group.count}"]
    lines += [f"{constant.upper}_STRIDE: Final = {constant.stride}" for constant in group.constants]
    for constant in group.constants:
        lines += [
            "",
            "",
            f"def {constant.upper.lower()}_for(worker: int) -> int:",
            f'    """{constant.upper} as parallel worker ``worker`` uses it."""',
            "    return _worker_port(",
            f"        {constant.upper},",
            f"        {constant.upper}_STRIDE,",
            f"        {count},",
            "        worker,",
            _FUNCTION_END,
        ]
    return lines


_FUNCTION_END = "    )"


def _worker_port() -> list[str]:
    return [
        "",
        "",
        "def _worker_port(base: int, stride: int, workers: int, worker: int) -> int:",
        '    """base + worker * stride, for a worker the registry declares (whose ports were',
        '    checked); any other worker is a ValueError."""',
        "    if not 0 <= worker < workers:",
        "        raise ValueError(",
        '            f"worker {worker}: the port registry declares workers 0-{workers - 1}"',
        "        )",
        "    return base + worker * stride",
        "",
    ]
