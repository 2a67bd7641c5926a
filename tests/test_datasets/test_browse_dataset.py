"""tools/browse_dataset.py: boxes and labels drawn for any dataset config."""
import cv2
import mmcv
import numpy as np

from tests.test_datasets import fake_data
from tests.test_datasets.utils import load_tool
from tests.utils import REPO

browse = load_tool('tools/browse_dataset.py')


def config(name):
    return str(REPO / 'configs' / name)


def test_detection_config_boxes_drawn_where_they_are(tmp_path, capsys):
    fake_data.make_aquarium(tmp_path / 'aquarium')
    out = tmp_path / 'shown'
    browse.main([config('retinanet_r18_aquarium.py'), '--output-dir', str(out),
                 '--phase', 'val', '--cfg-options',
                 f'val_dataloader.dataset.data_root={tmp_path}/aquarium/'])
    assert f'Saved 1 images to {out}' in capsys.readouterr().out
    assert [p.name for p in out.glob('*.png')] == ['00000_d_jpg.rf.4.png']
    drawn = cv2.imread(str(out / '00000_d_jpg.rf.4.png'))
    plain = mmcv.imresize(cv2.imread(str(tmp_path / 'aquarium' / 'valid' /
                                         'd_jpg.rf.4.jpg')), (640, 480))
    assert drawn.shape == plain.shape
    ys, xs = np.nonzero(np.abs(drawn.astype(int) - plain).max(axis=2) > 40)
    # the box (5, 5, 10, 10) scaled x10 by the pipeline, and its label inside
    assert min(xs.min(), ys.min()) >= 45 and max(xs.max(), ys.max()) <= 155
    assert {48, 49, 50, 51, 52} & set(xs[ys == 100])  # the left edge


def test_classification_paired_and_unpaired_items(tmp_path):
    fake_data.make_stanford_dogs(tmp_path / 'dogs')
    browse.main([config('resnet18_stanford_dogs.py'), '--phase', 'val',
                 '--max-images', '2', '--output-dir', str(tmp_path / 'cls'),
                 '--cfg-options', f'val_dataloader.dataset.data_root={tmp_path}/dogs'])
    assert sorted(p.name for p in (tmp_path / 'cls').iterdir()) == [
        '00000_n02085620_3.png', '00001_n02085782_3.png']
    fake_data.make_mnist(tmp_path / 'mnist', split='train', n=3)
    fake_data.make_usps_h5(tmp_path / 'usps')
    browse.main([config('_base_/datasets/mnist_to_usps.py'), '--max-images', '1',
                 '--output-dir', str(tmp_path / 'pairs'), '--cfg-options',
                 f'train_dataloader.dataset.source.data_root={tmp_path}/mnist',
                 f'train_dataloader.dataset.target.data_root={tmp_path}/usps'])
    pair = cv2.imread(str(tmp_path / 'pairs' / '00000_train-images-idx3-ubyte.png'))
    assert pair.shape == (224, 448, 3)  # source and target side by side
    fake_data.make_unpaired(tmp_path / 'h2z', size=40)
    browse.main([config('cyclegan_buffer_horse2zebra_128.py'), '--max-images', '5',
                 '--output-dir', str(tmp_path / 'h2z_shown'), '--cfg-options',
                 f'train_dataloader.dataset.data_root={tmp_path}/h2z'])
    shown = sorted((tmp_path / 'h2z_shown').iterdir())
    assert len(shown) == 5
    assert cv2.imread(str(shown[0])).shape == (224, 448, 3)


def test_gan_configs_show_images_with_their_class_or_domains(tmp_path,
                                                            monkeypatch):
    titles, titled = [], browse.Drawer.titled
    monkeypatch.setattr(browse.Drawer, 'titled', lambda self, img, title: (
        titles.append(title), titled(self, img, title))[1])
    out = tmp_path / 'toy'
    browse.main([config('toy_gan.py'), '--max-images', '2',
                 '--output-dir', str(out)])
    shown = sorted(out.iterdir())
    assert [p.name for p in shown] == ['00000_000000.png', '00001_000001.png']
    drawn = cv2.imread(str(shown[1]))
    assert drawn.shape == (224, 224, 3)  # 32 px enlarged
    plain = mmcv.imresize(_toy_image(1), (224, 224), interpolation='nearest')
    changed = np.abs(drawn.astype(int) - plain).max(axis=2) > 40
    ys, xs = np.nonzero(changed)
    assert ys.max() < 30 and xs.min() < 5  # only the title at the top left
    assert 20 < xs.max() < 150  # '3: diamond', not the whole width
    assert titles == ['0: circle', '3: diamond']  # the items' classes
    fake_data.make_unpaired(tmp_path / 'h2z', size=40)
    browse.main([config('cyclegan_buffer_horse2zebra_128.py'), '--max-images',
                 '1', '--output-dir', str(tmp_path / 'h2z_shown'),
                 '--cfg-options',
                 f'train_dataloader.dataset.data_root={tmp_path}/h2z'])
    pair = cv2.imread(str(next((tmp_path / 'h2z_shown').iterdir())))
    assert pair.shape == (224, 448, 3)  # horse and zebra side by side
    assert titles[2:] == ['img_horse', 'img_zebra']


def _toy_image(index):
    """The toy GAN dataset's image ``index``, BGR."""
    from projects.core.registry import DATASETS
    cfg = browse.load_config(config('toy_gan.py'))
    dataset = DATASETS.build(dict(cfg.train_dataloader.dataset, pipeline=[]))
    return dataset[index]['img']
