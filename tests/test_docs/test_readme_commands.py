"""Every command of every README runs, as written, on tiny data in the real
formats (tests/test_docs/readme.py says how); where a README walks through a
family's workflow (train, resume, test, demo, analysis), what it writes is
checked too."""
import json
import socket

import cv2
import numpy as np
import pytest

from tests.test_datasets.fake_data import (make_aquarium, make_export,
                                           make_mnist,
                                           make_stanford_dogs, make_unpaired,
                                           make_usps_h5, write_image)
from tests.test_docs.readme import (NOT_RUN, READMES, bash_commands,
                                    link_repository, run_readme,
                                    untagged_blocks)
from tests.test_gan_metrics.helpers import save_fid_inception


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def make_data(sandbox):
    """Tiny data at every default root the READMEs' configs read, and the
    docs' ``/data/`` stand-ins (pointed into the sandbox)."""
    data = sandbox / 'data'
    make_aquarium(data / 'aquarium')
    make_stanford_dogs(data / 'stanford_dogs')
    make_unpaired(data / 'horse2zebra', dict(trainA=3, trainB=4, testA=3, testB=3))
    make_export(data / 'flat_export', num_classes=3, num_images=8)  # flattened
    for person in range(1, 5):  # ORL's layout: s<person>/<n>.pgm, grey
        for n in range(1, 6):
            grey = np.random.default_rng(person * 10 + n).integers(
                0, 256, (112, 92), dtype=np.uint8)
            (data / 'orl_faces' / f's{person}').mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(data / 'orl_faces' / f's{person}' / f'{n}.pgm'), grey)
    for root in (data / 'mnist', ):
        make_mnist(root, 'train', n=12)
        make_mnist(root, 't10k', n=8, seed=1)
    make_usps_h5(data / 'usps', n=(12, 8))
    for i in range(12):  # the Inception Score's 10 splits need 10
        write_image(data / 'real' / f'{i}.png', 32, 32, seed=i)
        write_image(sandbox / 'samples' / f'{i}.png', 32, 32, seed=10 + i)
    for i in range(6):
        write_image(sandbox / 'my_images' / f'{i}.jpg', 40, 30, seed=i)
    (data / 'weights').mkdir()
    save_fid_inception(data / 'weights' / 'random_inception.pth')


def cache_pretrained(sandbox):
    """Random weights under the published names of the configs' ImageNet
    backbones, where torch's download cache keeps them."""
    import torch
    import torchvision
    from mmpretrain.models import ResNet
    cache = sandbox / 'torch_home' / 'hub' / 'checkpoints'
    cache.mkdir(parents=True)
    torch.save(torchvision.models.resnet18().state_dict(),
               cache / 'resnet18-f37072fd.pth')
    torch.save(dict(state_dict={f'backbone.{k}': v for k, v in
                                ResNet(18).state_dict().items()}),
               cache / 'resnet18_8xb32_in1k_20210831-fbbb1da6.pth')


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    link_repository(tmp_path)
    make_data(tmp_path)
    cache_pretrained(tmp_path)
    monkeypatch.setenv('PORT', str(free_port()))
    return tmp_path


def test_every_command_not_run_is_still_in_the_docs():
    documented = {c for readme in READMES for c in bash_commands(readme)}
    assert set(NOT_RUN) <= documented, set(NOT_RUN) - documented


def test_every_code_block_says_what_it_is():
    assert {r: untagged_blocks(r) for r in READMES if untagged_blocks(r)} == {}


def picture(path) -> np.ndarray:
    image = cv2.imread(str(path))
    assert image is not None and image.std() > 0, f'{path}: blank or unreadable'
    return image


def check_run(work, resumed_to: str):
    """A trained (and resumed) run: its checkpoint and whole-history curves."""
    assert (work / resumed_to).is_file(), sorted(p.name for p in work.iterdir())
    logs = sorted(work.glob('*/vis_data/scalars.json'))
    assert len(logs) >= 2  # the first run and the resumed one
    # the hook's and plot_curves' picture, in the latest log dir
    picture(sorted(work.glob('*/curves.png'))[-1])


def check_classifier_tools(work, num_images: int):
    predictions = json.loads((work / 'demo' / 'predictions.json').read_text())
    assert len(predictions) == num_images
    assert all(0 <= p['score'] <= 1 for p in predictions.values())
    for name in predictions:
        picture(work / 'demo' / name)
    picture(work / 'confusion_matrix' / 'confusion_matrix.png')
    for part in ('best', 'worst'):
        for drawn in (work / 'best_worst' / part).glob('*.png'):
            picture(drawn)
    assert list((work / 'best_worst' / 'best').glob('*.png'))


def check_classifier_journey(sandbox):
    """README.md's toy classifier: train, resume, test, demo, analysis."""
    work = sandbox / 'work_dirs' / 'toy_classifier'
    check_run(work, 'iter_4.pth')
    check_classifier_tools(work, 6)
    assert (work / 'preds.pkl').is_file()
    assert list((sandbox / 'work_dirs' / 'browse_dataset').glob('**/*.*'))


def check_dogs_journey(sandbox):
    work = sandbox / 'work_dirs' / 'resnet18_stanford_dogs'
    check_run(work, 'iter_4.pth')
    check_classifier_tools(work, 3)  # the Chihuahua folder's images
    assert list((work / 'cam').glob('*.png'))
    assert list((sandbox / 'data' / 'stanford_dogs_crops' / 'meta').glob('*.txt'))


def check_dann_journey(sandbox):
    work = sandbox / 'work_dirs' / 'dann_mnist_to_usps'
    check_run(work, 'iter_4.pth')
    for name in ('tsne_by_class.png', 'tsne_by_domain.png'):
        picture(work / name)
    distance = json.loads((work / 'proxy_a_distance.json').read_text())
    assert all(0 <= v <= 2 for v in distance.values() if isinstance(v, float))


def check_faces_journey(sandbox):
    work = sandbox / 'work_dirs' / 'dcgan_faces'
    check_run(work, 'iter_4.pth')
    grids = list(work.glob('*/vis_data/vis_image/*.png'))
    for grid in grids:
        picture(grid)
    browsed = list((sandbox / 'work_dirs' / 'browse_dataset').glob('**/*.png'))
    assert browsed and picture(browsed[0]).ndim == 3


def check_cyclegan_journey(sandbox):
    work = sandbox / 'work_dirs' / 'cyclegan_buffer_horse2zebra_128'
    check_run(work, 'iter_4.pth')
    assert (sandbox / 'work_dirs' / 'cyclegan_no_val' / 'iter_2.pth').is_file()


def check_detection_journey(sandbox):
    """A YOLOX on a flattened export: the boxes written are finite and
    drawn, the analysis pictures headed."""
    work = sandbox / 'work_dirs' / 'yolox_n_aquarium'
    check_run(work, 'epoch_2.pth')
    predictions = json.loads((work / 'demo' / 'predictions.json').read_text())
    assert len(predictions) == 8
    for name, found in predictions.items():
        assert np.isfinite(found['boxes']).all() if found['boxes'] else True
        assert set(found['labels']) <= {'c0', 'c1', 'c2'}
        picture(work / 'demo' / name)
    picture(work / 'confusion_matrix' / 'confusion_matrix.png')
    for drawn in (work / 'best_worst' / 'worst').glob('*.png'):
        panel = picture(drawn)
        assert (panel[:10] == 255).all(axis=2).mean() > 0.5  # the heading strip


def check_gan_metrics(sandbox):
    report = json.loads((sandbox / 'report.json').read_text())
    assert report and all(np.isfinite(v) for v in report.values()
                          if isinstance(v, float))


def check_synthetic_loop(sandbox):
    out = sandbox / 'data' / 'mnist_cgan'
    listed = (out / 'meta' / 'train.txt').read_text().splitlines()
    assert len(listed) == 6000 and (out / 'meta' / 'train_scores.txt').is_file()
    assert list((sandbox / 'work_dirs' / 'digit_classifier_mnist_mix').glob('*.pth'))


CHECKS = {'README.md': check_classifier_journey,
          'projects/dann/README.md': check_dann_journey,
          'projects/gan_metrics/README.md': check_gan_metrics,
          'projects/gans/README.md': check_faces_journey,
          'projects/roboflow/README.md': check_detection_journey,
          'projects/stanford_dogs/README.md': check_dogs_journey,
          'projects/synthetic/README.md': check_synthetic_loop,
          'projects/unpaired/README.md': check_cyclegan_journey}


@pytest.mark.parametrize('readme', READMES)
def test_readme_commands_run(readme, sandbox):
    if not [c for c in bash_commands(readme) if c not in NOT_RUN]:
        pytest.skip(f'{readme} shows no command')
    run_readme(readme, sandbox)
    if readme in CHECKS:
        CHECKS[readme](sandbox)
