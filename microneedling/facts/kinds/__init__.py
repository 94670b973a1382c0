"""Record kinds beyond the plain :class:`~microneedling.facts.schema.Fact`.

Each module in this package registers its dataclasses with ``@record_kind("name")``; importing
the package imports them all, so a topic adds a module here and never edits a shared file.
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
