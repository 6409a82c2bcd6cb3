"""Module-level oddities: conditional imports, semicolons, decorators."""
from __future__ import annotations
import os, sys; import logging as log
try:
    from typing import Sequence, Union
except ImportError:  # pragma: no cover
    Sequence = Union = None

if os.environ.get("STRATA"):
    revision = "ignored"
revision = '44dd'; down_revision = '33cc'
branch_labels = ('feature', "x")
depends_on = None
log.getLogger(__name__).info("loaded %s", revision)
@decorator(key = 1)
def upgrade():
    """Docstring of upgrade."""
    op.rename_table('a', 'b')
@decorator
class Skipped(object): pass
def downgrade(): op.rename_table('b', 'a')  # trailing comment
