"""Synthetic release corpus for the extraction benchmark: Chinese (simplified and traditional)
and English releases built from templates in the formats real procuratorate releases use
(data releases, work reports, news stories), with random values, periods, offences and the
usual traps (dates, session numbers, list markers). Deterministic for a given seed.

.venv/bin/python bench/gen_corpus.py --out /tmp/bench_corpus.jsonl [--chars 5000000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date
from pathlib import Path

ZH_OFFENCES = [
    "电信网络诈骗犯罪",
    "帮助信息网络犯罪活动罪",
    "危险驾驶罪",
    "侵犯知识产权犯罪",
    "妨害国(边)境管理犯罪",
    "毒品犯罪",
    "危害食品药品安全犯罪",
    "侵害未成年人犯罪",
    "洗钱犯罪",
    "涉黑恶犯罪",
    "破坏金融管理秩序和金融诈骗犯罪",
    "掩饰、隐瞒犯罪所得罪",
]
EN_OFFENCES = [
    "telecom fraud",
    "assisting information network criminal activities",
    "dangerous driving",
    "infringing intellectual property rights",
    "illegal border crossing",
    "drug-related crimes",
    "endangering food safety",
    "crimes against minors",
    "money laundering",
    "gang-related crimes",
    "financial fraud",
    "concealing criminal proceeds",
]
ZH_PERIODS = [
    "1至{m}月",
    "1月至{m}月",
    "今年1至{m}月",
    "前{m}个月",
    "一季度",
    "上半年",
    "前三季度",
    "全年",
]
EN_PERIODS = [
    "From January to {month} {year}",
    "In the first half of {year}",
    "In the first quarter of {year}",
    "In the first three quarters of {year}",
    "Between January and {month} this year",
    "Last year",
    "In {year}",
    "Over the past five years",
    "Since {start}",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ZH_FILLER = [
    "检察机关坚持以人民为中心，依法能动履职，持续加强法律监督，推动案件质量不断提升。",
    "{d}月{day}日，最高人民检察院举行新闻发布会，通报相关工作情况。",
    "一是坚持依法从严惩治；二是坚持综合治理；三是坚持源头预防。",
    "会议强调，要深入贯彻十四届全国人大二次会议精神，落实刑法修正案(十一)的有关规定。",
    "下一步，检察机关将会同有关部门持续加大打击力度，切实维护人民群众合法权益。",
    "据介绍，第{n}批指导性案例涉及多个领域，为各地办案提供了有益参考。",
]
EN_FILLER = [
    "BEIJING, {month_abbr}. {day} (Xinhua) -- The Supreme People's Procuratorate said on {weekday} "
    "that procuratorates nationwide had stepped up their work.",
    "The spokesperson said prosecutors would continue to work with public security organs and "
    "courts to crack down on such crimes in accordance with the law.",
    "The report was delivered at the second session of the 14th National People's Congress.",
    "Prosecutors also held hearings, issued guidelines and published typical cases to guide "
    "the handling of similar cases across the country.",
    "Suspects aged between 14 and 16 were given special attention, the official added.",
]
# Real releases carry about one figure per 100-120 characters (dev corpus: 9,220 figures in
# 1.06 million characters); prose sentences without figures make up the rest.
FIGURE_SHARE = 0.4
ZH_PROSE = [
    "检察机关坚持惩治与预防并重，聚焦人民群众反映强烈的突出问题，会同公安机关、审判机关加强协作配合，"
    "推动形成打击治理合力，努力让人民群众在每一个司法案件中感受到公平正义。",
    "最高人民检察院有关负责人表示，各级检察机关要进一步强化法律监督，坚持宽严相济刑事政策，"
    "对严重危害社会治安的犯罪依法从严惩处，对初犯偶犯、情节轻微的依法从宽处理。",
    "从办案情况看，相关犯罪呈现链条化、产业化特点，犯罪手段不断翻新，跨境作案增多，"
    "给案件办理带来新的挑战，需要加强证据审查和类案研究。",
    "检察机关还通过公开听证、释法说理、制发检察建议等方式，推动有关部门堵塞管理漏洞，"
    "促进诉源治理，实现办案政治效果、社会效果和法律效果的有机统一。",
]
EN_PROSE = [
    "Prosecutors said the crimes had become more organized and increasingly cross-border, with "
    "criminal groups relying on online platforms, payment channels and hired helpers to hide "
    "their tracks, which made evidence collection harder.",
    "The top procuratorate urged prosecutors at all levels to balance leniency with severity, "
    "punish serious offenders in accordance with the law and give first-time and minor "
    "offenders the chance to reform.",
    "Officials said procuratorates would work more closely with public security organs, courts "
    "and regulators to close loopholes, improve prevention and raise public awareness.",
    "According to the statement, prosecutors also held public hearings and explained the law to "
    "the parties involved, helping to resolve disputes at their source.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
TRADITIONAL = str.maketrans(
    "万余个项检察机关国边驾驶险产权识网络诈骗钱总数类较与为这准诉",
    "萬餘個項檢察機關國邊駕駛險產權識網絡詐騙錢總數類較與為這準訴",
)


def _zh_count(rng: random.Random, unit: str) -> str:
    style = rng.randrange(6)
    if style == 0:
        return f"{rng.uniform(1, 99):.1f}万{unit}"
    if style == 1:
        return f"{rng.uniform(1, 99):.1f}万余{unit}"
    if style == 2:
        return f"{rng.randrange(10, 99)}余万{unit}"
    if style == 3:
        return f"{rng.randrange(100, 9999)}余{unit}"
    if style == 4:
        return f"近{rng.randrange(2, 20)}万{unit}"
    return f"{rng.randrange(1000, 999999)}{unit}"


def _zh_change(rng: random.Random) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return f"同比上升{rng.uniform(0.1, 99):.1f}%"
    if kind == 1:
        return f"同比下降{rng.uniform(0.1, 60):.1f}%"
    if kind == 2:
        return f"同比上升{rng.uniform(1.1, 9):.1f}倍"
    if kind == 3:
        return "同比基本持平"
    return f"同比增长{rng.uniform(0.1, 40):.1f}%"


def zh_paragraph(rng: random.Random) -> str:
    offence = rng.choice(ZH_OFFENCES)
    period = rng.choice(ZH_PERIODS).format(m=rng.randrange(2, 12))
    kind = rng.randrange(6)
    if kind == 0:
        return (
            f"{period}，全国检察机关共批准和决定逮捕各类犯罪嫌疑人{_zh_count(rng, '人')}，"
            f"{_zh_change(rng)}；不捕{_zh_count(rng, '人')}，不捕率{rng.uniform(20, 60):.1f}%，"
            f"同比增加{rng.uniform(0.1, 15):.1f}个百分点。"
        )
    if kind == 1:
        return (
            f"{period}，检察机关起诉{offence}{_zh_count(rng, '人')}，{_zh_change(rng)}，"
            f"占起诉总数的{rng.uniform(1, 30):.1f}%。"
        )
    if kind == 2:
        return (
            f"受理审查逮捕{_zh_count(rng, '人')}，批准逮捕{_zh_count(rng, '人')}，"
            f"同比分别下降{rng.uniform(1, 30):.1f}%、{rng.uniform(1, 30):.1f}%。"
        )
    if kind == 3:
        return (
            f"全年共办理{offence}案件{rng.randrange(1000, 9999)}件{rng.randrange(2000, 30000)}人，"
            f"提出检察建议{rng.randrange(100, 9999)}件，追赃挽损{rng.randrange(100, 9999)}余万元。"
        )
    if kind == 4:
        return (
            f"决定不起诉{_zh_count(rng, '人')}，不起诉率{rng.uniform(10, 30):.1f}%；"
            f"提出抗诉{rng.randrange(1000, 9999)}件，法院同期采纳率{rng.uniform(60, 99):.1f}%。"
        )
    filler = rng.choice(ZH_FILLER)
    return filler.format(d=rng.randrange(1, 13), day=rng.randrange(1, 29), n=rng.randrange(20, 60))


def _en_count(rng: random.Random, noun: str) -> str:
    style = rng.randrange(5)
    if style == 0:
        return f"{rng.randrange(1000, 999999):,} {noun}"
    if style == 1:
        return f"more than {rng.randrange(10, 999)},000 {noun}"
    if style == 2:
        return f"about {rng.uniform(1, 3):.2f} million {noun}"
    if style == 3:
        return f"nearly {rng.randrange(2, 99)},000 {noun}"
    return f"{rng.choice(['five', 'six', 'twelve', 'twenty'])} {noun}"


def _en_change(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return f"up {rng.uniform(1, 90):.1f} percent year on year"
    if kind == 1:
        return f"a year-on-year decrease of {rng.uniform(1, 40):.1f} percent"
    if kind == 2:
        return f"an increase of {rng.uniform(1.1, 5):.1f} times"
    return f"down {rng.uniform(1, 40):.1f} percent compared with the same period last year"


def en_paragraph(rng: random.Random, year: int) -> str:
    offence = rng.choice(EN_OFFENCES)
    period = rng.choice(EN_PERIODS).format(
        month=rng.choice(MONTHS[1:11]), year=year, start=rng.randrange(2015, year)
    )
    kind = rng.randrange(6)
    if kind == 0:
        return (
            f"{period}, procuratorates nationwide approved the arrest of "
            f"{_en_count(rng, 'suspects')}, {_en_change(rng)}."
        )
    if kind == 1:
        return (
            f"{period}, prosecutors charged {_en_count(rng, 'people')} with {offence}, "
            f"{_en_change(rng)}, accounting for {rng.uniform(1, 30):.1f} percent of the total."
        )
    if kind == 2:
        return (
            f"Procuratorates received applications to arrest {_en_count(rng, 'individuals')} and "
            f"prosecuted {_en_count(rng, 'people')}, down {rng.uniform(1, 30):.1f} percent and "
            f"{rng.uniform(1, 30):.1f} percent year on year, respectively."
        )
    if kind == 3:
        return (
            f"They handled {rng.randrange(100, 99999):,} cases involving "
            f"{rng.randrange(100, 99999):,} people and recovered losses of "
            f"{rng.uniform(1, 9):.1f} billion yuan."
        )
    if kind == 4:
        return (
            f"The non-arrest rate was {rng.uniform(20, 50):.1f} percent, an increase of "
            f"{rng.uniform(0.1, 9):.1f} percentage points, and {_en_count(rng, 'suspects')} "
            f"were not prosecuted."
        )
    filler = rng.choice(EN_FILLER)
    return filler.format(
        month_abbr=rng.choice(MONTHS)[:3], day=rng.randrange(1, 29), weekday=rng.choice(WEEKDAYS)
    )


def release(rng: random.Random, index: int) -> dict[str, str]:
    """One synthetic release line (releases.jsonl format)."""
    published = date(rng.randrange(2018, 2026), rng.randrange(1, 13), rng.randrange(1, 29))
    lang = rng.choice(["zh", "zh", "zh-Hant", "en", "en"])
    count = rng.randrange(6, 16)
    if lang == "en":
        paragraphs = [
            " ".join(
                en_paragraph(rng, published.year)
                if rng.random() < FIGURE_SHARE
                else rng.choice(EN_PROSE)
                for _ in range(rng.randrange(1, 4))
            )
            for _ in range(count)
        ]
        title = "Procuratorates release case-handling data"
    else:
        paragraphs = [
            "".join(
                zh_paragraph(rng) if rng.random() < FIGURE_SHARE else rng.choice(ZH_PROSE)
                for _ in range(rng.randrange(1, 4))
            )
            for _ in range(count)
        ]
        title = "最高检发布主要办案数据"
        if lang == "zh-Hant":
            paragraphs = [p.translate(TRADITIONAL) for p in paragraphs]
            title = title.translate(TRADITIONAL)
    return {
        "id": f"bench-{index:06d}",
        "url": "",
        "published": published.isoformat(),
        "lang": lang,
        "source": "bench",
        "title": title,
        "text": "\n\n".join(paragraphs),
    }


def generate(chars: int, seed: int) -> list[dict[str, str]]:
    """Releases until their bodies hold at least `chars` characters."""
    rng = random.Random(seed)
    releases: list[dict[str, str]] = []
    total = 0
    while total < chars:
        item = release(rng, len(releases))
        releases.append(item)
        total += len(item["text"])
    return releases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--chars", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    releases = generate(args.chars, args.seed)
    with args.out.open("w", encoding="utf-8") as out:
        for item in releases:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    chars = sum(len(item["text"]) for item in releases)
    print(f"{len(releases)} releases, {chars:,} characters -> {args.out}")


if __name__ == "__main__":
    main()
