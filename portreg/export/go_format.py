"""Go constants, laid out exactly as gofmt would (so ``gofmt -l`` stays quiet).

One ``const ( ... )`` block per service; gofmt aligns the ``=`` of a block's lines with
spaces, so the names are padded to the longest. Comments stay outside the blocks, where
they cannot change that alignment. A suite with parallel workers gets a second block (the
count and each port's stride) and a function per port that returns worker i's port.
"""

from __future__ import annotations

from itertools import groupby

from portreg.export import Export, WorkerGroup, one_line, worker_groups


def render(export: Export) -> str:
    lines = [f"// {line}" for line in export.header()]
    lines += [
        "",
        f"// Package {export.package} holds the test ports of {one_line(export.title)}.",
        f"package {export.package}",
    ]
    if export.per_worker:
        lines += ["", 'import "fmt"']
    for service, group in groupby(export.constants, key=lambda constant: constant.service):
        everything = list(group)
        lines += ["", f"// {export.service_heading(service)}."]
        lines += [f"// {c.camel}: {c.detail()}." for c in everything if c.detail()]
        constants = [c for c in everything if not c.dynamic]
        if constants:
            lines += _block([(c.camel, c.port) for c in constants])
        for workers in worker_groups(export, everything):
            lines += _workers(workers)
    if export.per_worker:
        lines += _worker_port()
    return "\n".join(lines) + "\n"


def _block(constants: list[tuple[str, int | None]]) -> list[str]:
    width = max(len(name) for name, _ in constants)
    return ["const (", *(f"\t{name:<{width}} = {value}" for name, value in constants), ")"]


def _workers(group: WorkerGroup) -> list[str]:
    count = f"{group.camel}Workers"
    lines = ["", f"// {group.about()}.", *_block(_counts(group))]
    for constant in group.constants:
        lines += [
            "",
            f"// {constant.camel}For is {constant.camel} as parallel worker `worker` uses it.",
            f"func {constant.camel}For(worker int) int {{",
            f"\treturn workerPort({constant.camel}, {constant.camel}Stride, {count}, worker)",
            "}",
        ]
    return lines


def _counts(group: WorkerGroup) -> list[tuple[str, int | None]]:
    strides: list[tuple[str, int | None]] = [
        (f"{constant.camel}Stride", constant.stride) for constant in group.constants
    ]
    return [(f"{group.camel}Workers", group.count), *strides]


def _worker_port() -> list[str]:
    return [
        "",
        "// workerPort is base + worker*stride. It panics for a worker the registry does not",
        "// declare: that worker's ports are ones nobody checked.",
        "func workerPort(base, stride, workers, worker int) int {",
        "\tif worker < 0 || worker >= workers {",
        '\t\tpanic(fmt.Sprintf("worker %d: the port registry declares workers 0-%d", '
        "worker, workers-1))",
        "\t}",
        "\treturn base + worker*stride",
        "}",
    ]
