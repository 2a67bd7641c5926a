"""Outputs are complete or absent."""
import pytest

from projects.core.files import written_whole


def test_an_interrupted_write_keeps_the_old_file_and_a_rerun_replaces(tmp_path):
    out = tmp_path / 'report.json'
    out.write_text('old, complete')
    with pytest.raises(KeyboardInterrupt):
        with written_whole(str(out)) as partial:
            open(partial, 'w').write('new, half')
            raise KeyboardInterrupt
    assert out.read_text() == 'old, complete'
    with written_whole(str(out)) as partial:  # the leftover is replaced
        open(partial, 'w').write('new, complete')
    assert out.read_text() == 'new, complete'
    assert [p.name for p in tmp_path.iterdir()] == ['report.json']
