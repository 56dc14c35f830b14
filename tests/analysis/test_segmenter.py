"""drafter.analysis.segmenter: jieba from drafter's cache gives jieba's own words and tags; the
cache is written by the first process, read by the next, and a damaged one is rebuilt quietly."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from drafter.analysis import segmenter

TEXT = "王波市长在常州市临川县委讲话，要求把丰富多采的群众文化活动布署好，赵家坪村也来了。"
SCRIPT = f"""
import json
from drafter.analysis import names, segmenter
text = {TEXT!r}
print(json.dumps([names.tokens(text), names.dictionary_words(text),
                  segmenter.segmenter()._shards is not None]))
"""


def tag(cache) -> tuple[list, list, bool]:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, "DRAFTER_CACHE_DIR": str(cache)})
    assert done.stderr == ""  # no jieba chatter, no warnings
    return json.loads(done.stdout)


def test_tags_from_the_cache_are_jiebas_own_and_a_damaged_cache_is_rebuilt(tmp_path):
    (tmp_path / segmenter.CACHE_NAME).write_bytes(b"\x00not marshal")
    whole = tag(tmp_path)
    assert whole[2] is False  # no usable cache: jieba loaded whole, and the cache written
    cached = tag(tmp_path)
    assert cached[2] is True
    assert cached[:2] == whole[:2]
    assert ["常州市", "ns"] in cached[0] and ["王波", "nr"] in cached[0]


def test_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path))
    assert segmenter.cache_dir() == tmp_path
    for off in ("off", ""):
        monkeypatch.setenv("DRAFTER_CACHE_DIR", off)
        assert segmenter.cache_dir() is None
    monkeypatch.delenv("DRAFTER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if sys.platform != "win32":
        assert segmenter.cache_dir() == tmp_path / "drafter"


def test_viterbi_is_jiebas_to_the_bit():
    # Runs of characters no dictionary word covers, as jieba.posseg hands them to its HMM;
    # the last ones have characters its model never saw (every state scores alike).
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P

    segmenter.segmenter()
    jiebas = sys.modules["jieba.posseg.viterbi"].viterbi
    runs = ["王磊超", "赵家坪村", "郭强英主任在清河县", "凤凰岭乡要学习先进经验", "筑牢底线",
            "抓而不实无计无谋", "龘龘", "㐀㐁㐂"]
    for run in runs:
        assert (segmenter.viterbi(run, char_state_tab_P, start_P, trans_P, emit_P)
                == jiebas(run, char_state_tab_P, start_P, trans_P, emit_P)), run
