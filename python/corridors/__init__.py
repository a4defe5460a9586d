"""corridors: the trans-Afghan freight network as a weighted graph, from Python.

The same Rust engine as the ``corridors`` crate and CLI: routes, port comparisons, capacity,
the optimal assignment of cargo, disruption scenarios, criticality, reliability, sensitivity,
which project to build first, and maps. Every answer's ``to_dict()`` is the CLI's ``--json``.

Example:
    >>> import corridors
    >>> net = corridors.Network.trans_afghan()
    >>> route = net.route("tashkent", "nhava-sheva", via_port="chabahar", include="all")
    >>> route.found
    True
    >>> c = net.compare(["tashkent"], ["nhava-sheva"], via_port=["chabahar", "gwadar"])
    >>> sorted(c.winners())
    [('tashkent', 'nhava-sheva')]
"""

from ._corridors import __version__
from ._errors import CorridorsError, LoadError, MissingFileError, Problem, QueryError
from ._frames import LINK_COLUMNS, NODE_COLUMNS
from . import _reports
from ._network import Editor, Network
# Every report class, as `_reports.__all__` lists them.
from ._reports import *  # noqa: F401,F403

__all__ = [
    "__version__",
    "Network",
    "Editor",
    "CorridorsError",
    "LoadError",
    "MissingFileError",
    "QueryError",
    "Problem",
    "NODE_COLUMNS",
    "LINK_COLUMNS",
]
__all__ += _reports.__all__
