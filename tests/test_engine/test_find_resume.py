"""Which checkpoint `--resume` continues from, whatever the work dir holds."""
import pytest
import torch

from projects.core.engine import (BrokenCheckpointError,
                                  find_resume_checkpoint, safe_load)


def save(work_dir, *iters):
    for it in iters:
        torch.save(dict(meta=dict(iter=it)), work_dir / f'iter_{it}.pth')


def find(work_dir):
    warnings = []
    found = find_resume_checkpoint(str(work_dir), warnings.append)
    return found, warnings


def test_pointer_is_followed_without_a_warning(tmp_path):
    save(tmp_path, 2, 4)
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'iter_2.pth'))
    assert find(tmp_path) == (str(tmp_path / 'iter_2.pth'), [])


def test_moved_work_dir_resolves_the_pointer_inside_it(tmp_path):
    save(tmp_path, 2)
    (tmp_path / 'last_checkpoint').write_text('/gone/machine/run/iter_2.pth')
    assert find(tmp_path) == (str(tmp_path / 'iter_2.pth'), [])
    (tmp_path / 'last_checkpoint').write_text('iter_2.pth')  # relative
    assert find(tmp_path) == (str(tmp_path / 'iter_2.pth'), [])


@pytest.mark.parametrize('pointer, why', [
    (None, 'does not exist'),
    ('', 'is empty'),
    ('/elsewhere/iter_9.pth', 'names /elsewhere/iter_9.pth, which does not'),
])
def test_missing_or_bad_pointer_falls_back_to_the_newest(tmp_path, pointer, why):
    save(tmp_path, 2, 10, 4)  # numeric order: 10 is the newest
    if pointer is not None:
        (tmp_path / 'last_checkpoint').write_text(pointer)
    found, warnings = find(tmp_path)
    assert found == str(tmp_path / 'iter_10.pth')
    assert len(warnings) == 1 and why in warnings[0]
    assert 'iter_10.pth' in warnings[0]


def test_cut_checkpoints_are_skipped_and_named(tmp_path):
    save(tmp_path, 2, 4)
    data = (tmp_path / 'iter_4.pth').read_bytes()
    (tmp_path / 'iter_4.pth').write_bytes(data[:len(data) // 2])
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'iter_4.pth'))
    (tmp_path / 'iter_6.pth.partial').write_bytes(data[:10])
    found, warnings = find(tmp_path)
    assert found == str(tmp_path / 'iter_2.pth')
    assert 'iter_6.pth.partial: an incomplete checkpoint' in warnings[0]
    assert 'iter_4.pth: not a complete checkpoint' in warnings[1]
    assert not (tmp_path / 'iter_6.pth.partial').exists()
    with pytest.raises(BrokenCheckpointError, match='iter_4.pth: not a comp'):
        safe_load(tmp_path / 'iter_4.pth')  # --resume PATH on it


def test_only_broken_checkpoints_is_an_error_not_a_fresh_start(tmp_path):
    (tmp_path / 'iter_2.pth').write_bytes(b'PK\x03\x04 cut')
    with pytest.raises(BrokenCheckpointError, match='no complete checkpoint'):
        find(tmp_path)


def test_empty_work_dir_has_nothing_to_resume(tmp_path):
    assert find(tmp_path) == (None, [])
    assert find(tmp_path / 'not_made_yet') == (None, [])
