"""A batch drafts every cell from the files as they were when it first looked at them
(resources.settled): a template edited mid-batch changes none of its drafts; outside a batch
the next draft sees the edit at once; a batch run in this process leaves both settings, and the
collector's thresholds, behind."""

from __future__ import annotations

import gc
import os
import threading

from drafter import resources
from drafter.batch.run import YOUNG, cell_done, cells_in_this_process


def test_a_file_changed_inside_a_batch_is_seen_as_it_was(tmp_path):
    f = tmp_path / "frame.md.j2"
    f.write_text("一", encoding="utf-8")
    with resources.settled():
        before = resources.stat(f)
        f.write_text("一二三四五", encoding="utf-8")
        os.utime(f, ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))
        assert resources.stat(f).st_size == before.st_size
        assert resources.is_file(f)
        missing = tmp_path / "missing.yaml"
        assert not resources.is_file(missing)
        missing.write_text("x", encoding="utf-8")
        assert not resources.is_file(missing)  # as first looked at
    assert resources.stat(f).st_size == len("一二三四五".encode())
    assert resources.is_file(missing)
    assert not resources.is_file(tmp_path / "a\0b")  # a name no file can have


def test_other_threads_see_edits_while_a_batch_runs(tmp_path):
    f = tmp_path / "t.yaml"
    f.write_text("a", encoding="utf-8")
    seen = []
    with resources.settled():
        resources.stat(f)
        f.write_text("abc", encoding="utf-8")
        thread = threading.Thread(target=lambda: seen.append(resources.stat(f).st_size))
        thread.start()
        thread.join()
    assert seen == [3]


def test_a_batch_in_this_process_leaves_no_frozen_heap_or_settled_files(tmp_path):
    f = tmp_path / "t.yaml"
    f.write_text("a", encoding="utf-8")
    with cells_in_this_process():
        for _ in range(20):
            cell_done()
        assert gc.get_freeze_count() > 0
        resources.stat(f)
        f.write_text("abc", encoding="utf-8")
        assert resources.stat(f).st_size == 1
    assert gc.get_freeze_count() == 0
    assert resources.stat(f).st_size == 3


def test_the_collector_s_young_threshold_is_raised_while_batches_run_and_restored_after():
    before = gc.get_threshold()
    first, second = cells_in_this_process(), cells_in_this_process()
    first.__enter__()
    assert gc.get_threshold() == (YOUNG, *before[1:])
    second.__enter__()  # two batches at once (drafter serve's threads), ended out of order
    first.__exit__(None, None, None)
    assert gc.get_threshold()[0] == YOUNG  # the other batch still runs
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before
