"""Local weights: the missing-file error, SHA-256 checks, both formats."""
import pytest
import pytorch_fid.inception
import torch

from projects.core.engine.checkpoint import WeightsMismatchError
from projects.gan_metrics import FIDInceptionV3, StyleGANInception
from projects.gan_metrics.weights import (PYTORCH_FID_FILE, check_sha256,
                                          file_sha256, load_inception,
                                          resolve_weights)


def test_missing_file_says_which_file_where_to_put_it_and_its_source(
        tmp_path):
    path = tmp_path / 'weights' / PYTORCH_FID_FILE
    with pytest.raises(FileNotFoundError) as error:
        resolve_weights(str(path))
    message = str(error.value)
    assert f'not found: {path}' in message
    assert f'put it at {path}' in message and 'INCEPTION_WEIGHTS' in message
    assert ('https://github.com/mseitzer/pytorch-fid/releases/download/'
            f'fid_weights/{PYTORCH_FID_FILE}') in message


def test_no_path_points_to_the_config_field_and_environment_variable(
        monkeypatch, fid_weights):
    monkeypatch.delenv('INCEPTION_WEIGHTS', raising=False)
    with pytest.raises(FileNotFoundError, match='inception_path.*'
                       'INCEPTION_WEIGHTS.*nvlabs-fi-cdn'):
        resolve_weights(None)
    monkeypatch.setenv('INCEPTION_WEIGHTS', str(fid_weights[0]))
    assert resolve_weights(None) == str(fid_weights[0])


def test_sha256_mismatch_is_an_error(tmp_path, fid_weights):
    corrupt = tmp_path / PYTORCH_FID_FILE  # the published name, other bytes
    corrupt.write_bytes(b'truncated download')
    with pytest.raises(ValueError, match='SHA-256 mismatch, expected '
                       '6726825d0af5f729cebd5821db510b11b1cfad8faad88a03f1b'):
        check_sha256(str(corrupt))
    with pytest.raises(ValueError, match='SHA-256 mismatch'):
        load_inception(str(fid_weights[0]), sha256='0' * 64)


def test_hash_prefix_in_a_hub_style_name_is_checked(tmp_path, fid_weights):
    path, sha256 = fid_weights
    good = tmp_path / f'inception-{sha256[:8]}.pth'
    good.write_bytes(path.read_bytes())
    assert check_sha256(str(good)) == sha256
    bad = tmp_path / 'inception-00000000.pth'
    bad.write_bytes(path.read_bytes())
    with pytest.raises(ValueError, match='expected 00000000'):
        check_sha256(str(bad))


def test_unknown_file_is_used_with_a_warning_giving_its_hash(fid_weights):
    path, sha256 = fid_weights
    with pytest.warns(UserWarning, match=f'its SHA-256 is {sha256}'):
        check_sha256(str(path))


def test_pytorch_fid_state_dict_loads_in_ours_and_in_pytorch_fid(
        fid_weights, monkeypatch):
    path, sha256 = fid_weights
    net = load_inception(str(path), sha256)
    assert isinstance(net, FIDInceptionV3) and net.sha256 == sha256
    assert load_inception(str(path), sha256) is net  # shared, loaded once
    state = torch.load(path)
    monkeypatch.setattr(pytorch_fid.inception, 'load_state_dict_from_url',
                        lambda *args, **kwargs: state)
    reference = pytorch_fid.inception.fid_inception_v3()  # strict load
    assert set(reference.state_dict()) == set(state)


def test_stylegan_torchscript_gives_features_and_log_probabilities(
        tiny_weights):
    path, sha256 = tiny_weights
    net = load_inception(str(path), sha256)
    assert isinstance(net, StyleGANInception)
    images = torch.randint(0, 256, (3, 3, 20, 20), dtype=torch.uint8)
    outputs = net(images)
    assert outputs['features'].shape == (3, 32)
    assert torch.allclose(outputs['logits'].exp().sum(1), torch.ones(3))
    assert set(net(images, ['features'])) == {'features'}  # one pass


def test_state_dict_in_the_legacy_torch_format_loads(tmp_path, fid_weights):
    legacy = tmp_path / 'legacy_inception.pth'
    torch.save(torch.load(fid_weights[0]), legacy,
               _use_new_zipfile_serialization=False)
    net = load_inception(str(legacy), file_sha256(str(legacy)))
    assert isinstance(net, FIDInceptionV3)


def test_weights_of_another_network_are_refused_with_a_summary(tmp_path):
    import torchvision
    path = tmp_path / 'resnet18.pth'
    torch.save(torchvision.models.resnet18().state_dict(), path)
    with pytest.warns(UserWarning, match='no SHA-256'), \
            pytest.raises(WeightsMismatchError,
                          match=r'resnet18.pth: the weights do not fit '
                          r'FIDInceptionV3: 0 of \d+ tensors match'):
        load_inception(str(path))


def test_torchscript_weights_need_a_pinned_sha256(tmp_path):
    from tests.test_gan_metrics.helpers import save_tiny_stylegan
    path = tmp_path / 'inception.pt'
    digest = save_tiny_stylegan(path)
    with pytest.warns(UserWarning), \
            pytest.raises(ValueError, match=f'holds code.*{digest}'):
        load_inception(str(path))
    assert isinstance(load_inception(str(path), digest), StyleGANInception)
