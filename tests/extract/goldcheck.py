"""Compare an extracted record with a hand-written gold file (the format of ../shared/eval).

A small, independent reading of the gold format: it checks facts on the records directly,
so the tests of the extractor need neither the shared scorer nor an RDF store.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "《": "", "》": "", "“": "", "”": "",
                          "\"": "", " ": "", "\u3000": ""})


def norm(s) -> str:
    return unicodedata.normalize("NFKC", str(s)).translate(BRACKETS).strip()


def name_match(label: str, names) -> bool:
    label = norm(label)
    return any(label == norm(n) or (len(norm(n)) >= 2 and label.endswith(norm(n))) for n in names)


@dataclass
class Check:
    """Figures of one report against its gold."""

    report_failures: list[str] = field(default_factory=list)
    outcomes_found: int = 0
    outcomes_gold: int = 0
    outcomes_forbidden: list[str] = field(default_factory=list)
    instruments_found: int = 0
    instruments_gold: int = 0
    instruments_forbidden: list[str] = field(default_factory=list)
    units_found: int = 0
    units_gold: int = 0
    units_forbidden: list[str] = field(default_factory=list)
    sections_missing: list[str] = field(default_factory=list)
    measures_found: int = 0
    measures_gold: int = 0
    shortcomings: int = 0

    def ratio(self, found: int, gold: int) -> float:
        return found / gold if gold else 1.0


def check(record, gold: dict) -> Check:
    """Return how ``record`` (a ReportRecord) compares with ``gold``."""
    out = Check()
    units = {u.key: {u.label, *u.alt_labels} for u in record.units}
    want = gold.get("report") or {}
    if "year" in want and record.year != want["year"]:
        out.report_failures.append(f"year {record.year} != {want['year']}")
    if "issued" in want and str(record.issued) != str(want["issued"]):
        out.report_failures.append(f"issued {record.issued} != {want['issued']}")
    if "reporting_unit" in want:
        labels = units.get(record.reporting_unit, set())
        if not any(name_match(l, want["reporting_unit"]) for l in labels):
            out.report_failures.append(f"reporting unit {labels} not in {want['reporting_unit']}")
    for names in want.get("addressees", []):
        if not any(any(name_match(l, names) for l in units.get(k, ())) for k in record.addressees):
            out.report_failures.append(f"addressee {names[0]} missing")

    sections = gold.get("sections") or {}
    tops = [s for s in record.sections if s.parent is None]
    for top in sections.get("top", []):
        if not any(top["key"] in norm(s.heading) and s.kind == top["kind"] for s in tops):
            out.sections_missing.append(top["key"])
    subs = [s.heading for s in record.sections if s.parent is not None and
            next(p for p in record.sections if p.key == s.parent).parent is None]
    for key in sections.get("sub", []):
        if not any(key in norm(h) for h in subs):
            out.sections_missing.append(key)

    inst = gold.get("instruments") or {}
    labels = [{i.label, *i.alt_labels} for i in record.instruments]
    for item in inst.get("required", []):
        names = [item["title"], *item.get("aliases", [])]
        out.instruments_gold += 1
        out.instruments_found += any(norm(l) == norm(n) for ls in labels for l in ls for n in names)
    bad = {norm(f) for f in inst.get("forbidden", [])}
    out.instruments_forbidden = sorted(l for ls in labels for l in ls if norm(l) in bad)

    outcomes = gold.get("outcomes") or {}
    used: set[int] = set()
    for item in outcomes.get("required", []):
        out.outcomes_gold += 1
        forms = [(item["value"], item["unit"]), *[tuple(a) for a in item.get("alts", [])]]
        for i, o in enumerate(record.outcomes):
            if i in used:
                continue
            unit_ok = any(float(o.value) == float(v) and norm(o.unit) in
                          {norm(u) for u in (w if isinstance(w, list) else [w])} for v, w in forms)
            if unit_ok and any(norm(k) in norm(o.indicator) for k in item["keys"]):
                used.add(i)
                out.outcomes_found += 1
                break
    for f in outcomes.get("forbidden", []):
        for o in record.outcomes:
            if float(o.value) == float(f["value"]) and ("unit" not in f or norm(o.unit) in
                                                        {norm(u) for u in (f["unit"] if isinstance(f["unit"], list)
                                                                           else [f["unit"]])}):
                out.outcomes_forbidden.append(f"{o.value}{o.unit} {o.indicator}")

    un = gold.get("units") or {}
    for names in un.get("required", []):
        out.units_gold += 1
        out.units_found += any(name_match(l, names) for ls in units.values() for l in ls)
    out.units_forbidden = sorted(l for ls in units.values() for l in ls
                                 for f in un.get("forbidden", []) if norm(f) in norm(l))

    ms = gold.get("measures") or {}
    labels = [m.label for m in record.measures if not m.planned and len(m.label) <= 60]
    for key in ms.get("required", []):
        out.measures_gold += 1
        out.measures_found += any(norm(key) in norm(l) for l in labels)
    out.shortcomings = len(record.shortcomings)
    return out
