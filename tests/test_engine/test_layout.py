"""`projects` is a namespace beside other checkouts' `projects/`, plugins
import only their own library, and registries know where their types are."""
import subprocess
import sys
from pathlib import Path

import pytest
from mmengine.config import Config
from mmengine.registry import Registry

from projects.core import registry as ours
from projects.core.engine.fields import iter_fields
from projects.core.utils import register_all_modules
from tests.utils import REPO

register_all_modules()
# Plugin types that deliberately share a name with an mmagic type.
REPLACED = {'FID': 'METRICS', 'IS': 'METRICS', 'BigGAN': 'MODELS',
            'SNGAN': 'MODELS', 'DCGANDiscriminator': 'MODELS',
            'ResnetGenerator': 'MODELS', 'PatchDiscriminator': 'MODELS'}


def python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, '-c', code], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_installed_plugins_import_beside_another_projects_folder(tmp_path):
    other = tmp_path / 'projects' / 'other_plugin'
    other.mkdir(parents=True)
    (other / '__init__.py').write_text('NAME = "other"\n')
    proc = python(
        'import projects.other_plugin, projects.core.registry, projects.gans\n'
        'import projects\n'
        'print(projects.other_plugin.NAME, len(list(projects.__path__)))',
        cwd=tmp_path)  # the repo root is not on sys.path here
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split()[-2:] == ['other', '2']
    assert not (REPO / 'projects' / '__init__.py').exists()


@pytest.mark.parametrize('plugins', [
    'projects.digits, projects.domain_data',  # mmpretrain
    'projects.unpaired',  # mmagic
])
def test_plugins_import_without_mmdet(plugins, tmp_path):
    proc = python(f'import sys, {plugins}\n'
                  'print(sorted(m for m in sys.modules if m.startswith('
                  '"mmdet")))', cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split('\n')[-2] == '[]'


def test_unknown_transform_imports_no_plugin(tmp_path):
    proc = python(
        'import sys\n'
        'from projects.core.registry import TRANSFORMS\n'
        'assert TRANSFORMS.get("NoSuchTransform") is None\n'
        'print(sorted(m for m in sys.modules if m.startswith("projects.")))',
        cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split('\n')[-2] == "['projects.core', " \
        "'projects.core.registry']"


def _registries():
    return {name: value for name, value in vars(ours).items()
            if isinstance(value, Registry) and value.scope == ours.SCOPE}


def test_registry_locations_are_where_types_are_registered():
    for name, reg in _registries().items():
        used = set()
        for key, obj in reg.module_dict.items():
            homes = [loc for loc in reg._locations
                     if obj.__module__ == loc
                     or obj.__module__.startswith(loc + '.')]
            assert homes, f'{name}: {key} ({obj.__module__}) is in no location'
            used.update(homes)
        assert used == set(reg._locations), f'{name}: unused locations'


def test_replaced_mmagic_types_by_scope():
    from mmagic.registry import METRICS as MMAGIC_METRICS
    from mmagic.registry import MODELS as MMAGIC_MODELS
    mmagic = dict(METRICS=MMAGIC_METRICS, MODELS=MMAGIC_MODELS)
    for type_name, kind in REPLACED.items():
        plugin = getattr(ours, kind).get(type_name)
        assert plugin.__module__.startswith('projects.'), type_name
        assert mmagic[kind].get(type_name).__module__.startswith('mmagic.')
        # A nested config in mmagic's scope (inside mmagic.Evaluator or an
        # mmagic model) reaches ours only with the prefix.
        assert mmagic[kind].get(f'projects.{type_name}') is plugin


@pytest.mark.parametrize('config', sorted(
    str(p.relative_to(REPO)) for p in (REPO / 'configs').glob('*.py')))
def test_configs_name_replaced_types_with_their_scope(config):
    cfg = Config.fromfile(REPO / config).to_dict()
    bare = [f'{path}={value}' for path, key, value in iter_fields(cfg)
            if key == 'type' and value in REPLACED]
    assert bare == [], f'{config}: write projects.<type> or mmagic.<type>'
