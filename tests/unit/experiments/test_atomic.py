"""Files replaced whole: old or new, never half, and no sibling left behind."""

from __future__ import annotations

import pytest

from nqpf.sim.experiments.atomic import replace_text, replace_whole


def test_a_failed_write_keeps_the_old_file_and_leaves_no_sibling(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("old", encoding="utf-8")

    def half(tmp):
        tmp.write_text("ne", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        replace_whole(path, half)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]
    replace_text(path, "new 新")
    assert path.read_text(encoding="utf-8") == "new 新"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_the_sibling_is_hidden_so_dataset_readers_skip_it(tmp_path):
    seen = []
    replace_whole(tmp_path / "part-0.parquet", lambda tmp: seen.append(tmp) or tmp.touch())
    assert seen[0].parent == tmp_path and seen[0].name.startswith(".part-0.parquet.tmp-")
