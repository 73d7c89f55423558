"""Timeframe cells: the parser reads them with the plans-domain parser in ``kehoach.core.timeframes``."""

from kehoach.core.timeframes import is_dated_or_known, parse_timeframe

__all__ = ["is_dated_or_known", "parse_timeframe"]
