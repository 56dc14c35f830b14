"""Rebuild drafter/data/typos.yaml from its two published sources (run by hand, not at run time).

    python tools/vendor_typos.py CONFUSION_JSON FSWV_JSON [WORD_FREQ_TXT] > drafter/data/typos.yaml

CONFUSION_JSON: macro_correct/output/confusion_dict.json of the PyPI package macro-correct 0.0.6
(Apache-2.0). FSWV_JSON: data/fswv.json of github.com/Fusyong/ai-proofread-vscode-extension (MIT),
the 《第一批异形词整理表》 as data. WORD_FREQ_TXT (optional): pycorrector 1.1.4's
data/word_freq.txt (Apache-2.0), words in real use, consulted only here.

A typo entry is kept only when it cannot be correct text: the wrong form and the right form have
the same length and differ in one character (two in idioms of four or more), the right form is a
word of jieba's dictionary (this drops the list's own slips), and the wrong form is neither a word
of jieba's dictionary or the frequency list nor part of a longer dictionary word. Variant forms
are kept but for those whose characters are also ordinary words in running text (EXCLUDED).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Variant forms of the 2001 table that read as other words in today's texts, and why.
EXCLUDED = {
    "标识": "现代汉语词典第6版起“标识”“标志”分立，政务文本常用“标识”",
    "份子": "“凑份子”的份子是另一个词（表中说明）",
    "原由": "“原由县里负责”：原 + 由",
    "就坐": "“就坐在前排”：就 + 坐",
    "入坐": "坐是动词时常见",
    "首坐": "坐是动词时常见",
    "连结": "今日通行，与“联结”并用",
    "定单": "“确定单位”“预定单间”：定 + 单",
    "定户": "“稳定户籍”：定 + 户",
    "定货": "“约定货物”：定 + 货",
    "定婚": "“决定婚期”：定 + 婚",
    "定阅": "“规定阅读”：定 + 阅",
    "刻期": "“此刻期待”：刻 + 期",
    "刻日": "“时刻日夜”：刻 + 日",
    "希有": "“希有关单位”：希（希望）+ 有关",
    "希少": "希（希望）+ 少",
    "希世": "希（希望）+ 世",
    "平空": "“水平空间”：平 + 空",
    "那末": "末（末尾）常单用",
    "这末": "“这末尾”：这 + 末",
    "要末": "“要末位淘汰”：要 + 末",
    "元来": "“单元来”：元 + 来",
    "伏罪": "“起伏罪”罕见但可能",
    "沈思": "沈是姓氏",
    "余辉": "余是姓氏",
    "预会": "“预会商”：预 + 会",
    "预闻": "“预闻讯”罕见但可能",
    "伏输": "“起伏输送”：伏 + 输",
    "火伴": "“灭火伴随”：火 + 伴",
    "叙言": "“叙言谈”：叙 + 言",
    "梗直": "“梗直接”：梗 + 直",
    "关连": "“相关连接”：关 + 连",
    "联接": "“关联接口”：联 + 接",
    "牵联": "牵 + 联",
    "收伏": "“收伏笔”：收 + 伏",
    "压伏": "压 + 伏",
    "鱼具": "鱼 + 具",
    "鱼网": "“鱼网箱”罕见但可能",
    "云豆": "云 + 豆",
    "热中": "“上热中温下冷”：热 + 中",
    "干与": "“干与不干”：干 + 与",
    "花着": "“花着才安心”：花 + 着",
}


# A form seen this often in jieba's dictionary or the frequency list is a word, not a typo (both
# lists hold typos too, mostly at frequency 2 or 3: 布署 2, 心浮气燥 3).
MIN_FREQ = 4
# A short form the dictionary does list (at 2 or 3) is kept only when the right form is this many
# times as frequent: 布署 2 / 部署 3333 is a typo, 飘过 3 / 漂过 3 is a word.
MIN_RATIO = 100
# A two-character form whose characters are both this common as words on their own reads as two
# words too often (仍在, 不只, 既使群众满意): left out.
SINGLE_FREQ = 3000
# Pairs that differ in a particle are grammar, not spelling (高一点的目标, 花着才安心).
PARTICLES = set("的地得了着过儿吗呢吧啊")
# Typo forms that are words today or read as two words, and why.
TYPOS_EXCLUDED = {
    "客服": "客户服务，今日常用词",
    "来得急": "“事情来得急”：来 + 得 + 急",
    "混和": "与“混合”并用的词",
    "漏出": "“水从缝里漏出”，不是“露出”",
    "视乎": "“视乎情况而定”",
    "扣头": "折扣（方言、商业用语）",
    "心腑": "心和腑，也作“心腹”",
    "对於": "繁体文本里的写法",
}


def _jieba_freq() -> dict[str, int]:
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    rows = (line.split() for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {r[0]: int(r[1]) for r in rows}


def _all_jieba() -> set[str]:
    return set(_jieba_freq())


def _single_words() -> set[str]:
    """Characters that are common words on their own."""
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    rows = (line.split() for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {r[0] for r in rows if len(r[0]) == 1 and int(r[1]) >= SINGLE_FREQ}


def _cjk(s: str) -> bool:
    return all("\u3400" <= c <= "\u9fff" for c in s)


def _dictionary(extra: list[str]) -> tuple[set[str], str]:
    """Words in real use (jieba's dictionary and the frequency list, each with a frequency of
    MIN_FREQ or more: both lists also hold typos seen a few times, 布署 2) and all of them joined,
    to find forms inside longer words."""
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    words = set()
    for source in [path.read_text(encoding="utf-8").splitlines(), extra]:
        for line in source:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) >= MIN_FREQ:
                words.add(parts[0])
    return words, "\n".join(words)


def _words(text: str) -> list[tuple[int, int]]:
    import jieba

    out, pos = [], 0
    for w in jieba.cut(text, HMM=False):
        out.append((pos, pos + len(w)))
        pos += len(w)
    return out


def _pairs(confusion: dict[str, str]) -> dict[str, str]:
    """The list's pairs, and the word pairs inside its phrase pairs: 布署已定 → 部署已定 gives
    布署 → 部署 (the word of the right phrase holding the one changed character)."""
    out = dict(confusion)
    for wrong, right in confusion.items():
        if len(wrong) != len(right) or len(wrong) < 3:
            continue
        changed = [k for k, (a, b) in enumerate(zip(wrong, right, strict=True)) if a != b]
        if len(changed) != 1:
            continue
        for s, e in _words(right):
            if s <= changed[0] < e and e - s >= 2 and e - s < len(right):
                out.setdefault(wrong[s:e], right[s:e])
    return out


def typos(confusion: dict[str, str], variants: dict[str, str], known: set[str],
          joined: str, everything: set[str]) -> dict[str, str]:
    singles = _single_words()
    listed = _jieba_freq()
    out = {}
    for wrong, right in sorted(_pairs(confusion).items()):
        if len(wrong) != len(right) or not 2 <= len(wrong) <= 6 or not _cjk(wrong + right):
            continue
        diff = sum(a != b for a, b in zip(wrong, right, strict=True))
        if diff == 0 or diff > (2 if len(wrong) >= 4 else 1):
            continue
        if right not in everything or wrong in known or wrong in variants:
            continue
        if len(wrong) <= 3 and wrong in listed and listed.get(right, 0) < MIN_RATIO * listed[wrong]:
            continue
        if joined.count(wrong):  # part of a word in real use
            continue
        if len(wrong) == 2 and set(wrong) <= singles:
            continue
        if wrong in TYPOS_EXCLUDED or any(
                a != b and PARTICLES & {a, b} for a, b in zip(wrong, right, strict=True)):
            continue
        out[wrong] = right
    return out


def main(argv: list[str]) -> None:
    confusion = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    variants = json.loads(Path(argv[2]).read_text(encoding="utf-8"))["variant_to_standard"]
    freq = Path(argv[3]).read_text(encoding="utf-8").splitlines() if len(argv) > 3 else []
    known, joined = _dictionary(freq)
    everything = known | {line.split()[0] for line in freq if line.strip()} | _all_jieba()
    kept = {v: s for v, s in sorted(variants.items()) if v != s and _cjk(v + s)
            and v not in EXCLUDED}
    found = typos(confusion, variants, known, joined, everything)
    print("typos:")
    print("\n".join(f"  {w}: {r}" for w, r in found.items()))
    print("variants:")
    print("\n".join(f"  {v}: {s}" for v, s in kept.items()))
    print("# Left out of the typo list, and why:")
    print("\n".join(f"#   {v}: {why}" for v, why in TYPOS_EXCLUDED.items()))
    print("# Left out of the variant table, and why:")
    print("\n".join(f"#   {v}: {why}" for v, why in EXCLUDED.items()))


if __name__ == "__main__":
    main(sys.argv)
