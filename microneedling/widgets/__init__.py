"""ipywidgets views built from the model and the plots.

Each widget is a small class: its controls are attributes, ``update()`` recomputes a plain
state object from them, and the displayed parts (HTML, Image) are derived from that state, so
tests drive it headless (``w.hours.value = 3``) and read ``w.state``.
"""
