#!/usr/bin/env bash
# Creates bench/.venv with the peers' pinned Python packages (rapidfuzz; nomenklatura's
# logic-v2 matcher with rigour and followthemoney). Idempotent: a stamp holding the hash
# of requirements.txt skips the install when nothing changed.
#
#   bash bench/peers/setup.sh
#
# requirements.txt is the full `pip freeze` of a working install (direct pins:
# rapidfuzz 3.14.6, nomenklatura 4.17.4, rigour 2.6.1, followthemoney 4.11.2).
# pyicu (needed by rigour/followthemoney) builds from source: it needs a C++ compiler,
# pkg-config and libicu-dev (apt-get install -y libicu-dev pkg-config g++).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/../.venv"
req="$here/requirements.txt"
python="${PYTHON:-python3}"
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.stamp" 2>/dev/null)" = "$want" ]; then
  echo "peers venv up to date: $venv" >&2
  exit 0
fi
if ! pkg-config --exists icu-uc 2>/dev/null; then
  echo "warning: ICU development files not found (pyicu will fail to build); try: apt-get install -y libicu-dev pkg-config g++" >&2
fi
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
echo "$want" > "$venv/.stamp"
"$venv/bin/python" -c 'import rapidfuzz, nomenklatura, rigour, followthemoney' >&2
echo "peers venv ready: $venv" >&2
