"""Entry points for scripts and tests."""
import importlib
import os.path as osp
from typing import Optional

from mmengine import DefaultScope

from projects.core.registry import PLUGINS, SCOPE


def register_all_modules(init_default_scope: bool = True) -> None:
    """Import every plugin package so its modules are registered.

    Args:
        init_default_scope (bool): Also make ``projects`` the default scope,
            as a config with ``default_scope = 'projects'`` would.
    """
    for package in PLUGINS:
        importlib.import_module(package)
    if init_default_scope and DefaultScope.get_current_instance() is None:
        DefaultScope.get_instance(SCOPE, scope_name=SCOPE)


def configured_classes(dataset_cfg: dict) -> Optional[list]:
    """The class names a dataset config states without being built: its
    ``classes`` (a list or a file), ``metainfo['classes']``, or its type's
    ``METAINFO``; None when only the data files know them."""
    from mmengine.fileio import list_from_file

    from projects.core.registry import DATASETS
    names = (dataset_cfg.get('classes')
             or (dataset_cfg.get('metainfo') or {}).get('classes'))
    if names is None:
        dataset_type = DATASETS.get(dataset_cfg.get('type', ''))
        names = getattr(dataset_type, 'METAINFO', {}).get('classes')
    if isinstance(names, str):
        names = list_from_file(names)
    return list(names) if names else None


def prediction_visualizer(model, classes: list):
    """mmdet's ``DetLocalVisualizer`` for an mmdet model, else mmpretrain's
    ``UniversalVisualizer``, naming ``classes``."""
    if type(model).__module__.startswith('mmdet'):
        from mmdet.visualization import DetLocalVisualizer
        visualizer = DetLocalVisualizer.get_instance('predictions_det')
    else:
        from mmpretrain.visualization import UniversalVisualizer
        visualizer = UniversalVisualizer.get_instance('predictions_cls')
    visualizer.dataset_meta = dict(classes=classes)
    return visualizer


def draw_prediction(visualizer, image, sample, score_thr: float, out_file: str,
                    draw_gt: bool = False) -> None:
    """Draw a detector's boxes (at least ``score_thr``) or a classifier's
    label on ``image`` (RGB) with :func:`prediction_visualizer`'s
    visualizer, the truth too if ``draw_gt`` (a detector's side by side
    under "truth" and "prediction" headings; a classifier's texts say
    which is which), into ``out_file``."""
    if 'pred_instances' in sample:
        import mmcv

        from projects.core.figures import with_headings
        visualizer.add_datasample(osp.basename(out_file), image, sample,
                                  draw_gt=draw_gt, pred_score_thr=score_thr)
        drawn = visualizer.get_image()
        if draw_gt:
            drawn = with_headings(drawn, ['truth', 'prediction'])
        mmcv.imwrite(mmcv.rgb2bgr(drawn), out_file)
    else:
        visualizer.visualize_cls(image, sample,
                                 classes=visualizer.dataset_meta['classes'],
                                 draw_gt=draw_gt, out_file=out_file)
