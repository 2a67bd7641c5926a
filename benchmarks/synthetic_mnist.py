"""Does a CGAN's output help a digit classifier? The users' MNIST study.

Only the MNIST test split (10,000 images) is here: digits 0-7999 train the
CGAN (configs/cgan_mnist.py) and every classifier; 8000-9999 are held out.
tools/generate_dataset.py writes the CGAN's digits (scored by the classifier
trained on real digits), then the classifier of the mix configs is
retrained on:

- 8,000 images with 0, 25, 50, 75, 100% real (random, shuffled together);
- 50% real, real first then synthetic and the reverse (PhasedSampler);
- 50% real with the most confident synthetic digits;
- all 8,000 real plus 8,000 (1x) or 16,000 (2x) synthetic.

Accuracy on the held-out real digits at the end of training, as a table
(results.json) and a picture (results.png) in the work dir. Finished runs
are read, not trained again.

    python benchmarks/synthetic_mnist.py --data-root ../shared/data/digits/mnist
"""
import argparse
import json
from pathlib import Path

from cgan_mnist_inception_accuracy import (HELD_OUT, NUM_TRAIN, classifier_config,
                                           config_gan_iters, tool, write_config)

REPO = Path(__file__).resolve().parents[1]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--data-root', default=str(REPO.parent / 'shared/data/digits/mnist'))
    parser.add_argument('--gan-iters', type=int, default=config_gan_iters(),
                        help="defaults to configs/cgan_mnist.py's max_iters")
    parser.add_argument('--classifier-iters', type=int, default=3000)
    parser.add_argument('--cgan-checkpoint', help='use this CGAN instead of '
                        'training one (configs/cgan_mnist.py)')
    parser.add_argument('--work-dir', default='work_dirs/benchmark_synthetic_mnist')
    return parser.parse_args()


def runs(iters: int) -> dict:
    """``{name: dataset settings}`` of the retrained classifiers."""
    passes = max(1, round(iters * 128 / (2 * NUM_TRAIN)))
    settings = {f'real {p}%': dict(real_fraction=p / 100)
                for p in (0, 25, 50, 75, 100)}
    settings['real first, 50%'] = dict(real_fraction=0.5, order='real_first',
                                       passes=passes)
    settings['synthetic first, 50%'] = dict(
        real_fraction=0.5, order='synthetic_first', passes=passes)
    settings['most confident, 50%'] = dict(real_fraction=0.5,
                                           selection='confident')
    settings['all real + 1x'] = dict(real_fraction=None, num_synthetic=NUM_TRAIN)
    settings['all real + 2x'] = dict(real_fraction=None,
                                     num_synthetic=2 * NUM_TRAIN)
    return settings


def mix_config(work_dir: Path, name: str, setting: dict, root: str,
               synthetic: Path, iters: int) -> str:
    setting = dict(setting)
    passes = setting.pop('passes', None)
    sampler = (f"sampler=dict(_delete_=True, type='PhasedSampler', "
               f"passes_per_phase={passes}), " if passes else '')
    dataset = ', '.join(f'{k}={v!r}' for k, v in setting.items())
    synthetic_root = f'{synthetic}/'
    return write_config(
        work_dir / f"{name.replace(' ', '_').replace(',', '').replace('%', '')}.py",
        'configs/digit_classifier_mnist_mix.py',
        f"train_dataloader = dict({sampler}dataset=dict(\n"
        f"    real=dict(data_root='{root}', split='test', indices={NUM_TRAIN}),\n"
        f"    synthetic=dict(data_root='{synthetic_root}', "
        f"classes='{synthetic_root}meta/classes.txt'),\n"
        f"    {dataset}))\n"
        f"val_dataloader = dict(dataset=dict(data_root='{root}', indices={HELD_OUT}))\n"
        'test_dataloader = val_dataloader\n'
        f'train_cfg = dict(max_iters={iters}, val_interval={iters})\n')


def final_accuracy(run_dir: Path, iters: int):
    for path in sorted(run_dir.glob('*/vis_data/scalars.json')):
        for line in path.read_text().splitlines():
            record = json.loads(line)
            if record.get('step') == iters and 'accuracy/top1' in record:
                return record['accuracy/top1']
    return None


def plot(results: dict, path: Path) -> None:
    from projects.core.figures import new_figure, save_figure
    fig = new_figure(8, 4)
    ax = fig.add_subplot()
    names = list(results)
    ax.barh(names, [results[n] for n in names], color='tab:blue')
    low = min(results.values())
    ax.set_xlim(max(0, low - 5), 100)
    for y, name in enumerate(names):
        ax.text(results[name], y, f' {results[name]:.2f}', va='center')
    ax.invert_yaxis()
    ax.set_xlabel('accuracy on 2,000 held-out real digits (%)')
    ax.set_title('Digit classifier trained on real and CGAN digits')
    fig.tight_layout()
    save_figure(fig, str(path))


def main():
    args = parse_args()
    work_dir = REPO / args.work_dir
    work_dir.mkdir(parents=True, exist_ok=True)
    root = args.data_root
    iters = args.classifier_iters
    classifier_cfg = classifier_config(work_dir, root, iters)
    classifier_ckpt = work_dir / 'classifier' / f'iter_{iters}.pth'
    if not classifier_ckpt.is_file():
        tool('tools/train.py', classifier_cfg, '--work-dir', str(classifier_ckpt.parent))

    gan_cfg = write_config(
        work_dir / 'cgan.py', 'configs/cgan_mnist.py',
        f"train_dataloader = dict(dataset=dict(data_root='{root}', split='test', "
        f"indices={NUM_TRAIN}))\n"
        f'train_cfg = dict(max_iters={args.gan_iters})\n')
    gan_ckpt = Path(args.cgan_checkpoint or
                    work_dir / 'cgan' / f'iter_{args.gan_iters}.pth')
    if not gan_ckpt.is_file():
        tool('tools/train.py', gan_cfg, '--work-dir', str(gan_ckpt.parent))

    synthetic = work_dir / 'synthetic'
    if not (synthetic / 'meta' / 'train_scores.txt').is_file():
        tool('tools/generate_dataset.py', gan_cfg, str(gan_ckpt),
             '--per-class', str(2 * NUM_TRAIN // 10), '--out', str(synthetic),
             '--classifier', classifier_cfg,
             '--classifier-checkpoint', str(classifier_ckpt))

    results = {'real only (8,000)': final_accuracy(classifier_ckpt.parent, iters)}
    for name, setting in runs(iters).items():
        config = mix_config(work_dir, name, setting, root, synthetic, iters)
        run_dir = work_dir / Path(config).stem
        if final_accuracy(run_dir, iters) is None:
            tool('tools/train.py', config, '--work-dir', str(run_dir))
        results[name] = final_accuracy(run_dir, iters)
        print(f'  {name:24s} {results[name]:6.2f} %', flush=True)
    (work_dir / 'results.json').write_text(json.dumps(results, indent=1))
    plot(results, work_dir / 'results.png')
    print(f'\nMNIST digits {NUM_TRAIN} train / 2,000 held out, classifier '
          f'{iters} iterations, CGAN {gan_ckpt}')
    for name, accuracy in results.items():
        print(f'  {name:24s} {accuracy:6.2f} %')
    print(f'Saved {work_dir / "results.json"} and results.png')


if __name__ == '__main__':
    main()
