#!/usr/bin/env python3
"""Print extraction throughput, peak memory and start-up time on generated reports.

    python benchmarks/extract_bench.py [--reports 1000] [--chars 4000] [--baseline PYTHON]

``--baseline`` runs the same measurement under another interpreter (one with an older govkg
installed, e.g. a checkout of the previous commit in its own venv) and under this one, in
``--rounds`` alternating runs, and prints the medians side by side.

Reports are generated from our own templates in the genre (four parts, numbered sections,
counts, instruments, units), one core, in this process. Figures printed:
start-up (import to first report), reports/s and characters/s on the rest, peak RSS.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time

PLACES = ["云江市柳溪区", "安澜市崇岭县", "江阳市", "北湖市南湖区", "桐州市青山区"]
UNITS = ["司法局", "市场监督管理局", "生态环境局", "人民政府", "交通运输局"]
ACTIONS = [
    "制定《{p}重大行政决策程序规定》,组织专家论证{n}次",
    "开展行政执法案卷评查,抽查案卷{n}卷,优良率{r}%",
    "审查规范性文件{n}件,提出修改意见{m}条",
    "组织法律顾问审查合同{n}份,涉及金额{r}万元",
    "受理行政复议申请{n}件,办结{m}件,纠错率{r}%",
    "举办法治讲座{n}场,覆盖干部{m}余人次",
    "召开常务会议{n}次,专题研究法治政府建设工作",
    "成立{p}法治政府建设工作领导小组,明确分管领导具体负责",
    "落实《中华人民共和国行政处罚法》,规范行政裁量权基准",
    "推行“双随机、一公开”监管,检查企业{n}家",
]
HEADS = ["完善依法行政制度体系", "推进行政决策科学化民主化法治化", "坚持严格规范公正文明执法",
         "强化对行政权力的制约和监督", "依法有效化解社会矛盾纠纷", "全面提高工作人员法治思维"]


def make_report(i: int, chars: int) -> str:
    """Return one generated report of about ``chars`` characters."""
    rnd = random.Random(i)
    place, unit = rnd.choice(PLACES), rnd.choice(UNITS)
    year = rnd.randint(2019, 2025)
    lines = [f"{place}{unit}{year}年法治政府建设年度报告", "区委、区政府:",
             f"{year}年,{place}{unit}坚持以习近平新时代中国特色社会主义思想为指导,深入推进法治政府建设。现将有关情况报告如下:",
             f"一、{year}年推进法治政府建设的主要举措和成效"]
    k = 0
    while sum(map(len, lines)) < chars * 0.9:
        k += 1
        lines.append(f"({'一二三四五六七八九十'[(k - 1) % 10]}){rnd.choice(HEADS)}")
        for _ in range(3):
            acts = [rnd.choice(ACTIONS).format(p=place, n=rnd.randint(2, 400), m=rnd.randint(2, 90),
                                               r=round(rnd.uniform(50, 99), 1)) for _ in range(3)]
            lines.append(";".join(acts) + "。")
    lines += ["二、存在的不足和原因", "一是基层执法力量不足;二是法治宣传针对性不强;三是数字化水平有待提升。",
              "三、党政主要负责人履行推进法治建设第一责任人职责情况",
              "主要负责同志带头学法,主持召开常务会议专题研究法治政府建设工作。",
              f"四、{year + 1}年工作安排", "一是深入学习贯彻习近平法治思想;二是完善行政执法制度。",
              f"{place}{unit}", f"{year + 1}年3月1日"]
    return "\n".join(lines)


def _extractor():
    from govkg.extract.pipeline import Extractor
    try:
        from govkg.extract.text.readers import SourceDocument
    except ImportError:  # a baseline from before the extract core was re-laid
        from govkg.extract.readers import SourceDocument
    return Extractor(), SourceDocument


def _tune_gc() -> None:
    """Set the garbage collector as ``govkg extract`` does in every process that extracts."""
    import gc

    try:
        from govkg.extract.batch import _tune_gc as tune
    except ImportError:
        gc.freeze()
        gc.set_threshold(20_000, 20, 20)
    else:
        tune()


def serve(args) -> int:
    """Child of ``--baseline``: extract the reports asked for on standard input ("start end"
    a line) and answer each batch with the CPU seconds it took."""
    extractor, source = _extractor()
    extractor.extract(source("r0.txt", make_report(0, args.chars)))
    if args.gc == "govkg":
        _tune_gc()
    for line in sys.stdin:
        a, b = map(int, line.split())
        texts = [make_report(i, args.chars) for i in range(a, b)]
        c0 = time.process_time()
        for i, text in zip(range(a, b), texts):
            extractor.extract(source(f"r{i}.txt", text))
        print(time.process_time() - c0, flush=True)
    return 0


def _round(args, names: dict[str, str], seed: int) -> tuple[dict[str, float], list[float]]:
    """One round: a child process per interpreter, both with hash seed ``seed`` and on one CPU,
    extract reports 1..N in alternating batches; return their CPU seconds and each batch's ratio."""
    import subprocess

    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    kids = {name: subprocess.Popen([python, __file__, "--serve", "--chars", str(args.chars), "--gc", args.gc],
                                   text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
            for name, python in names.items()}
    if hasattr(os, "sched_setaffinity"):
        # both on one CPU: the scheduler would otherwise keep each on its own, and one of them
        # may share its core with another busy process
        cpu = min(os.sched_getaffinity(0))
        for kid in kids.values():
            os.sched_setaffinity(kid.pid, {cpu})
    cpu_s = {name: 0.0 for name in kids}
    ratios = []
    try:
        for a in range(1, args.reports + 1, args.batch):
            b = min(a + args.batch, args.reports + 1)
            took = {}
            order = list(kids) if (a // args.batch) % 2 == 0 else list(kids)[::-1]
            for name in order:
                kids[name].stdin.write(f"{a} {b}\n")
                kids[name].stdin.flush()
                took[name] = float(kids[name].stdout.readline())
                cpu_s[name] += took[name]
            ratios.append(took["this checkout"] / took["baseline"])
    finally:
        for kid in kids.values():
            kid.stdin.close()
            kid.wait()
    return cpu_s, ratios


def compare(args) -> int:
    """Measure the baseline and this checkout side by side.

    Each round starts two child processes, one per interpreter, that extract the same reports
    in alternating batches of ``--batch`` on the same CPU, so that a change in the machine's
    speed (other jobs, the other hyperthread) falls on both alike. Both get the same string hash
    seed, a new one each round: the seed alone moves one process's speed by up to 8 % (the same
    code measured against itself gave 0.92x-1.06x with random seeds, 1.01x-1.02x with one seed).
    Prints each round and the median of the rounds' ratios."""
    import statistics

    names = {"baseline": args.baseline, "this checkout": sys.executable}
    ratios_all = []
    for r in range(args.rounds):
        cpu_s, ratios = _round(args, names, seed=r + 1)
        n = args.reports
        ratios_all.append(cpu_s["this checkout"] / cpu_s["baseline"])
        print(f"round {r + 1} (hash seed {r + 1}): baseline {n / cpu_s['baseline']:.1f}, this checkout "
              f"{n / cpu_s['this checkout']:.1f} reports per CPU-second; ratio {ratios_all[-1]:.2f} "
              f"(median of {len(ratios)} batches {statistics.median(ratios):.2f})", flush=True)
    print(f"baseline: {names['baseline']}\nthis checkout: {names['this checkout']}")
    print(f"median of {args.rounds} rounds: this checkout takes {statistics.median(ratios_all):.2f}x the "
          f"baseline's CPU time per report")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--chars", type=int, default=4000)
    ap.add_argument("--baseline", metavar="PYTHON", help="also measure the govkg installed for this interpreter")
    ap.add_argument("--rounds", type=int, default=5, help="with --baseline: rounds, each with new processes (default 5)")
    ap.add_argument("--batch", type=int, default=20, help="with --baseline: reports a batch (default 20)")
    ap.add_argument("--gc", choices=("govkg", "python"), default="govkg",
                    help="the garbage collector as govkg extract sets it (default), or Python's defaults")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve:
        return serve(args)
    if args.baseline:
        return compare(args)
    texts = [make_report(i, args.chars) for i in range(args.reports)]

    t0 = time.perf_counter()
    extractor, SourceDocument = _extractor()
    extractor.extract(SourceDocument("r0.txt", texts[0]))
    startup = time.perf_counter() - t0
    if args.gc == "govkg":
        _tune_gc()

    t1, c1 = time.perf_counter(), time.process_time()
    measures = outcomes = 0
    for i, text in enumerate(texts[1:], 1):
        rec = extractor.extract(SourceDocument(f"r{i}.txt", text))
        measures += len(rec.measures)
        outcomes += len(rec.outcomes)
    wall, cpu = time.perf_counter() - t1, time.process_time() - c1
    n, chars = len(texts) - 1, sum(map(len, texts[1:]))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"reports: {n} of {chars // max(n, 1)} characters on average")
    print(f"start-up (import to first report): {startup:.2f} s")
    print(f"throughput: {n / wall:.1f} reports/s, {chars / wall:,.0f} characters/s (wall, one core)")
    print(f"            {n / cpu:.1f} reports per CPU-second")
    print(f"found: {measures / n:.1f} measures and {outcomes / n:.1f} outcomes per report")
    print(f"peak memory: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
