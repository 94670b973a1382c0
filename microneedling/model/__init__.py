"""Pure, typed functions over the cited facts: no widgets, no printing."""
