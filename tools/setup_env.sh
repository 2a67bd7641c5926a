#!/usr/bin/env bash
# Create or update .venv with the pinned OpenMMLab stack (requirements/constraints.txt).
# Idempotent: a second run only checks what is installed. Called by `make demo` / `make test`.
#
#   PYTHON=python3.11 VENV=.venv bash tools/setup_env.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
VENV=${VENV:-.venv}
WHEELS=${MMCV_WHEELS:-../shared/wheels}
CONSTRAINTS=requirements/constraints.txt

command -v "$PYTHON" >/dev/null || PYTHON=python3
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
py="$VENV/bin/python"
pip() { "$py" -m pip install --disable-pip-version-check -c "$CONSTRAINTS" "$@"; }

echo ">> torch and build tools"
pip -r requirements/build.txt

echo ">> mmcv with compiled ops"
if "$py" -c "import mmcv, mmcv.ops; assert mmcv.__version__ == '2.1.0'" 2>/dev/null; then
  echo "mmcv 2.1.0 with ops already installed"
elif "$py" -c "import torch, sys; sys.exit(not torch.cuda.is_available())"; then
  echo "CUDA found: building mmcv with CUDA ops (about 20 minutes)"
  FORCE_CUDA=1 MMCV_WITH_OPS=1 pip --no-build-isolation --no-cache-dir mmcv
elif ls "$WHEELS"/mmcv-2.1.0-*.whl >/dev/null 2>&1; then
  echo "using the prebuilt CPU wheel in $WHEELS"
  pip --find-links "$WHEELS" --only-binary mmcv mmcv
else
  echo "no prebuilt wheel: building mmcv from source (about 11 minutes on 2 cores)"
  MMCV_WITH_OPS=1 pip --no-build-isolation mmcv
fi

echo ">> OpenMMLab stack"
pip -r requirements/runtime.txt
pip --no-deps mmagic
pip -r requirements/mmagic.txt
pip -r requirements/tests.txt
pip --no-deps --no-build-isolation -e .

"$py" -c "import mmcv.ops, mmdet, mmpretrain, mmagic.models, sahi, projects; print('environment ready:', '$VENV')"
