"""The bands of a cluster's NodePort range, as the Kubernetes NodePort allocator splits it.

Since Kubernetes 1.27 (KEP-3668; on by default since 1.28, generally available in 1.29) the
allocator gives a Service written without ``nodePort:`` a port from the upper, dynamic band
first, and takes from the lower, static band only when the dynamic one is full; so a static
NodePort in the lower band is taken by no such Service while there is room above. The lower
band is ``min(max(16, size/32), 128)`` ports, none for a range of 16 ports or fewer
(``calculateRangeOffset`` in kubernetes' pkg/registry/core/service/portallocator): of the
default 30000-32767, 30000-30085.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portreg.records import port_range

if TYPE_CHECKING:
    from portreg.models import PortRange

# The allocator's constants: never fewer than MIN or more than MAX ports, else size/STEP.
BAND_MIN, BAND_MAX, BAND_STEP = 16, 128, 32


def static_band(nodeports: PortRange) -> PortRange | None:
    """The lower band of a NodePort range that the allocator keeps for static NodePorts;
    None when the range is too small to have one."""
    size = len(nodeports)
    if size <= BAND_MIN:
        return None
    offset = min(max(BAND_MIN, size // BAND_STEP), BAND_MAX)
    return port_range(nodeports.start, nodeports.start + offset - 1)
