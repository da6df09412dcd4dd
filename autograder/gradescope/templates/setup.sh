#!/usr/bin/env bash
# Gradescope runs this once, as root and with internet access, when it builds the image.
set -euo pipefail
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The sandbox the student's app runs in.
if ! command -v bwrap >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap python3-pip >/dev/null
fi
if ! command -v uv >/dev/null 2>&1; then
    python3 -m pip install --quiet "uv==@@UV_VERSION@@" ||
        python3 -m pip install --quiet --break-system-packages "uv==@@UV_VERSION@@"
fi

# Python @@PYTHON_VERSION@@ (uv downloads it when the image has another one) with exactly
# the versions the course was tested with.
rm -rf "$source_dir/.venv"
uv venv --quiet --python "@@PYTHON_VERSION@@" "$source_dir/.venv"
# Compiled once here: the sandboxed apps cannot write bytecode, and would compile every
# package again at each start.
uv pip install --quiet --compile-bytecode --python "$source_dir/.venv/bin/python" \
    --requirement "$source_dir/pylock.toml"

# The hidden suites are for the grader (root) only: where the student's app cannot be put in
# bubblewrap and runs as an unprivileged user instead, it must not be able to read them.
chmod -R go-rwx "$source_dir/autograder/assignments"
