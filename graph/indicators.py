"""Link a quantified outcome to the comparable indicator it measures, and flag impossible values.

Reports count the same things in their own words (行政复议纠错率, 复议纠错率, 纠错率 where the
sentence speaks of 复议); the scheme ``ontology/indicators.ttl`` names each nationally
recurring indicator once, and ``data/indicators.tsv`` says how an outcome is recognised as
one. Comparisons across units and years join on the concept, not on the report's string.
A rate outside 0-100 % cannot be what the indicator measures: it is flagged
(``gov:implausible``, with a ``gov:warning`` saying why) and left out of comparisons, never
kept as if it were normal.

>>> link("行政复议纠错率", "%", Decimal("7.3"), "")
IndicatorLink(notation='admin-review-correction-rate', warning=None)
>>> link("出庭应诉率", "%", Decimal("135"), "")
IndicatorLink(notation='head-appearance-rate', warning='a rate of 135% is outside 0-100%')
>>> link("主任办公会", "次", Decimal("27"), "")
IndicatorLink(notation=None, warning=None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

_CHANGE = re.compile(r"同比|环比|增长|增加|下降|减少|提高|提升|降低|上升|压缩")
_RATE_WORD = re.compile(r"率|比例|占比|满意度")


@dataclass(frozen=True)
class IndicatorRule:
    """One row of ``indicators.tsv``."""

    notation: str
    kind: str
    indicator: re.Pattern
    context: re.Pattern | None
    units: re.Pattern | None = None


@dataclass(frozen=True)
class IndicatorLink:
    """The concept an outcome measures (its notation, or None) and why its value is implausible."""

    notation: str | None
    warning: str | None


def parse_rules(text: str, source: str = "indicators.tsv") -> tuple[IndicatorRule, ...]:
    """Parse the rule table.

    Raises:
        ValueError: a line has not five columns, an unknown kind or a bad expression.
    """
    rules = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = raw.split("\t")
        if len(cols) != 5:
            raise ValueError(f"{source}:{n}: want 5 tab-separated columns, got {len(cols)}")
        notation, kind, ind, ctx, units = (c.strip() for c in cols)
        if kind not in ("rate", "count"):
            raise ValueError(f"{source}:{n}: kind must be rate or count, not {kind!r}")
        try:
            rules.append(IndicatorRule(notation, kind, re.compile(ind),
                                       None if ctx == "-" else re.compile(ctx),
                                       None if units == "-" else re.compile(f"(?:{units})")))
        except re.error as exc:
            raise ValueError(f"{source}:{n}: bad expression ({exc})") from None
    return tuple(rules)


@lru_cache(maxsize=1)
def load_rules() -> tuple[IndicatorRule, ...]:
    """Return the packaged rules (read once)."""
    text = (resources.files("govkg.graph") / "data" / "indicators.tsv").read_text(encoding="utf-8")
    return parse_rules(text)


def link(indicator: str, unit: str, value: Decimal, evidence: str,
         rules: tuple[IndicatorRule, ...] | None = None) -> IndicatorLink:
    """Return the indicator concept of an outcome and a warning when its value is implausible.

    Args:
        indicator: the outcome's gov:indicator (the report's words).
        unit: its measure word or ``%``.
        value: its value.
        evidence: the sentence it was found in.
        rules: the rule table (default: the packaged one).
    """
    is_rate = unit == "%"
    warning = None
    if is_rate and _RATE_WORD.search(indicator) and not _CHANGE.search(indicator) and not 0 <= value <= 100:
        warning = f"a rate of {format(value, 'f')}% is outside 0-100%"
    if _CHANGE.search(indicator) or unit == "个百分点":
        return IndicatorLink(None, warning)
    for rule in rules if rules is not None else load_rules():
        if (rule.kind == "rate") != is_rate:
            continue
        if not rule.indicator.search(indicator):
            continue
        if rule.units and not rule.units.fullmatch(unit):
            continue
        if rule.context and not (rule.context.search(indicator) or rule.context.search(evidence)):
            continue
        if rule.kind == "count" and value != value.to_integral_value() and warning is None:
            warning = f"a count of {format(value, 'f')} {unit} is not a whole number"
        return IndicatorLink(rule.notation, warning)
    return IndicatorLink(None, warning)
