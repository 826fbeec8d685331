"""End-to-end batch throughput: generate reports, run ``govkg extract DIR -o out.nq`` with 1 and 2 workers.

Everything a user waits for is timed: start-up, reading and decoding, extraction, building
each report's graph and writing the N-Quads file. Prints reports/s and characters/s, the CPU
time used (reports per CPU-second does not depend on what else the machine runs) and the
peak resident memory of the parent and of the largest worker. Each configuration runs in a
fresh process so the memory figures are its own.

    .venv/bin/python benchmarks/batch_bench.py                 # 1,000 reports, 1 and 2 workers, 3 runs each
    .venv/bin/python benchmarks/batch_bench.py --reports 200 --workers 1 2 4
    .venv/bin/python benchmarks/batch_bench.py --fake          # readers only (no extractor)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLACES = ["清源", "东湖", "南山", "西岭", "北川", "青石", "白沙", "金水", "长乐", "平安"]
LEVELS = ["区", "县", "市"]
ORGANS = ["司法局", "市场监督管理局", "生态环境局", "自然资源局", "人力资源和社会保障局", "交通运输局",
          "卫生健康委员会", "应急管理局", "住房和城乡建设局", "人民政府"]
SECTIONS = ["（一）加强党对法治政府建设的领导", "（二）依法全面履行政府职能", "（三）完善依法行政制度体系",
            "（四）推进严格规范公正文明执法", "（五）强化行政权力制约和监督", "（六）依法化解社会矛盾纠纷",
            "（七）提升工作人员法治素养", "（八）推进数字法治政府建设"]
SENTENCES = [
    "全年办理行政复议案件{a}件，办结{b}件，纠错率{p}%。",
    "审查各类合同{a}份，出具法律意见书{b}份，合法性审查率达到100%。",
    "开展“八五”普法主题宣传活动{a}场，发放宣传资料{b}份，受众{c}人次。",
    "组织行政执法人员培训{a}期，累计培训{c}人次，新增持证执法人员{b}名。",
    "评查行政执法案卷{a}卷，发现问题{b}个，均已督促整改到位。",
    "受理12345热线工单{c}件，办结率{p}%，群众满意率{q}%。",
    "制定《{place}{organ}行政执法全过程记录实施办法》，修订内部管理制度{a}项。",
    "主动公开政府信息{c}条，办理依申请公开{a}件，均在法定期限内答复。",
    "落实重大行政决策程序，组织公众参与和专家论证{a}次，听证会{b}场。",
    "依据《中华人民共和国行政处罚法》办理行政处罚案件{c}件，罚没款{m}万元。",
    "聘请法律顾问{b}名、公职律师{a}名，参与处理涉法事务{c}件。",
    "清理规范性文件{a}件，废止{b}件，修改{b}件，并向社会公布清理结果。",
]
#: sentences of actions without counts, naming units and instruments; mixed with the counted
#: ones above (DENSE_SHARE of sentences counted) they give about the densities of real reports:
#: the seed report has 12 outcomes, 25 measures and 7 unit mentions per 1,000 characters
ACTIONS = [
    "{place}{level}委全面依法治{level}委员会办公室牵头，会同{place}{level}司法局开展法治政府建设督察。",
    "{organ}主要负责同志认真履行推进法治建设第一责任人职责，主持召开专题会议研究部署法治工作。",
    "严格落实《重大行政决策程序暂行条例》，健全公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。",
    "联合{place}{level}公安局、{place}{level}市场监督管理局开展跨部门综合执法检查，推行“双随机、一公开”监管。",
    "深化“放管服”改革，推进政务服务事项“一网通办”，优化营商环境。",
    "{place}{level}人民政府常务会议专题听取法治政府建设工作汇报，研究解决重点难点问题。",
    "完善行政执法公示、执法全过程记录、重大执法决定法制审核制度，规范行政裁量权基准。",
    "配合{place}{level}人大常委会做好执法检查，认真办理人大代表建议和政协委员提案。",
    "建立健全行政复议与行政诉讼衔接机制，支持人民法院依法受理和审理行政案件，落实行政机关负责人出庭应诉制度。",
    "贯彻实施《中华人民共和国行政复议法》，畅通复议渠道，发挥行政复议化解行政争议主渠道作用。",
    "加强法治宣传教育，落实“谁执法谁普法”普法责任制，推动法律进机关、进乡村、进社区、进学校、进企业。",
    "坚持领导干部集体学法制度，将习近平法治思想纳入{place}{level}委理论学习中心组学习内容。",
]
#: the share of sentences that report counts (--dense: all of them, the mix of earlier figures)
COUNTED_SHARE = 0.35

SHORTCOMINGS = ["一是基层执法力量相对薄弱，执法人员专业素养有待提升；",
                "二是法治宣传教育的针对性和实效性还需增强；",
                "三是行政执法信息化建设与实际需要仍有差距。"]


def make_report(rng: random.Random, target: int = 4000, dense: bool = False) -> str:
    """Return a generated report of about ``target`` characters in the genre."""
    place, level, organ = rng.choice(PLACES), rng.choice(LEVELS), rng.choice(ORGANS)
    unit = f"{place}{level}{organ}"
    year = rng.randint(2019, 2024)
    lines = [f"{unit}{year}年法治政府建设年度报告",
             f"{year}年，{unit}坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实《法治政府建设实施纲要"
             f"（2021－2025年）》，扎实推进法治政府建设各项工作，现将有关情况报告如下：",
             "一、主要举措和成效"]
    sections = iter(rng.sample(SECTIONS, len(SECTIONS)))
    body = 0
    while body < target - 600:
        lines.append(next(sections, "（九）其他工作"))
        para = "".join(rng.choice(SENTENCES if dense or rng.random() < COUNTED_SHARE else ACTIONS).format(
            a=rng.randint(2, 60), b=rng.randint(1, 30), c=rng.randint(100, 9000), p=rng.randint(80, 100),
            q=rng.randint(90, 100), m=round(rng.uniform(1, 500), 1), place=place, level=level, organ=organ)
            for _ in range(rng.randint(4, 7)))
        lines.append(para)
        body += len(para)
    lines += ["二、存在的不足和原因", "".join(SHORTCOMINGS),
              "三、党政主要负责人履行推进法治建设第一责任人职责情况",
              f"主要负责人认真履行第一责任人职责，主持召开专题会议研究法治建设工作{rng.randint(2, 8)}次。",
              f"四、{year + 1}年工作安排",
              "一是持续深化依法行政，二是加强执法队伍建设，三是推进数字法治政府建设。",
              unit, f"{year + 1}年3月{rng.randint(1, 28)}日"]
    return "\n".join(lines) + "\n"


def generate(folder: Path, n: int, seed: int = 2024, dense: bool = False) -> int:
    """Write ``n`` reports (UTF-8, every fifth GB18030) into ``folder``; return the total characters."""
    rng = random.Random(seed)
    chars = 0
    for i in range(n):
        text = make_report(rng, dense=dense)
        chars += len(text)
        (folder / f"report{i:05d}.txt").write_bytes(text.encode("gb18030" if i % 5 == 4 else "utf-8"))
    return chars


class _FakeExtractor:
    def __init__(self, force=False):
        pass

    def extract(self, doc):
        return doc.source


def run_once(folder: str, workers: int, fake: bool) -> dict:
    """Run one batch in this process and return its figures (called in a fresh child)."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bb-out-") as out:
        if fake:
            from govkg.extract.batch import extract_many

            run = extract_many([folder], workers=workers, extractor_factory=_FakeExtractor)
            for _ in run:
                pass
            code = 1 if run.summary.failed else 0
        else:
            from govkg.cli import main as govkg

            code = govkg(["extract", folder, "-o", os.path.join(out, "all.nq"), "--workers", str(workers)])
        elapsed = time.perf_counter() - start
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        if fake:
            processed = run.summary.processed
        else:  # one rdf:type gov:Report line per report written
            with open(os.path.join(out, "all.nq"), "rb") as nq:
                processed = sum(1 for line in nq if b"ontology#Report> <" in line and b"rdf-syntax-ns#type" in line)
    return {"workers": workers, "seconds": elapsed, "processed": processed,
            "parent_cpu": me.ru_utime + me.ru_stime, "worker_cpu": kids.ru_utime + kids.ru_stime,
            "failed": [] if code == 0 else [f"exit code {code}"],
            "parent_mb": me.ru_maxrss / 1024, "worker_mb": (kids.ru_maxrss if workers > 1 else me.ru_maxrss) / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3, help="runs per configuration; the median is shown")
    parser.add_argument("--fake", action="store_true", help="time the readers only, with a no-op extractor")
    parser.add_argument("--dense", action="store_true",
                        help="only sentences with counts (five times the outcomes of a real report)")
    parser.add_argument("--dir", help="where to write the generated reports (default: the temp folder)")
    parser.add_argument("--child", nargs=2, metavar=("FOLDER", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_once(args.child[0], int(args.child[1]), args.fake)))
        return 0
    with tempfile.TemporaryDirectory(prefix="bb-", dir=args.dir) as tmp:
        chars = generate(Path(tmp), args.reports, dense=args.dense)
        print(f"{args.reports} generated reports, {chars} characters ({chars / args.reports:.0f} per report)"
              + (" - readers only (--fake)" if args.fake else "") + (", dense" if args.dense else "")
              + f"; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        base = None
        for workers in args.workers:
            cmd = [sys.executable, __file__, "--child", tmp, str(workers)] + (["--fake"] if args.fake else [])
            runs = [json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
                    for _ in range(args.repeat)]
            result = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]  # the median run
            rate = result["processed"] / result["seconds"]
            base = base or rate
            cpu = result["parent_cpu"] + result["worker_cpu"]
            spread = ", ".join(f"{r['seconds']:.1f}" for r in runs)
            print(f"workers={result['workers']}: {result['seconds']:.1f} s wall (median of {spread}), "
                  f"{rate:.1f} reports/s, {chars / result['seconds']:,.0f} chars/s, speed-up {rate / base:.2f}x; "
                  f"CPU {cpu:.1f} s (parent {result['parent_cpu']:.1f} s), "
                  f"{result['processed'] / cpu:.1f} reports per CPU-second; "
                  f"peak RSS parent {result['parent_mb']:.0f} MB, largest worker {result['worker_mb']:.0f} MB; "
                  f"processed {result['processed']}, failed {len(result['failed'])} {result['failed']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
