#!/usr/bin/env bash
# Print the path of a Python >= 3.12 whose venv module works, or fail with a clear message.
#
# Search order:
#   1. $PYTHON, if set (used as given: no fallback if it does not fit)
#   2. python3.13, python3.12, python3.14 on PATH
#   3. python3 on PATH, if it is >= 3.12
#   4. pyenv installs: $(pyenv root)/versions/3.1[2-9]*/bin/python3 (3.13 first, then 3.12, then newer)
#   5. /usr/bin/python3.1[2-9]
# If only a system python3 >= 3.12 is found and its venv module cannot make a virtual
# environment (Debian/Ubuntu without python3-venv), and we are root with apt-get, install
# python3-venv and try again.
#
# Diagnostics go to stderr; stdout carries only the path.
set -euo pipefail

MIN_MAJOR=3
MIN_MINOR=12

log() { printf 'find-python: %s\n' "$*" >&2; }

# Resolve a command name or path to an absolute path, or fail.
resolve() {
    local candidate=$1
    if [[ $candidate == */* ]]; then
        [[ -x $candidate ]] && printf '%s\n' "$candidate"
    else
        command -v -- "$candidate" 2>/dev/null
    fi
}

# True if the interpreter runs (pyenv shims for a version that is not selected exit
# non-zero) and is at least MIN_MAJOR.MIN_MINOR.
version_ok() {
    "$1" -c "import sys; sys.exit(0 if sys.version_info >= ($MIN_MAJOR, $MIN_MINOR) else 1)" >/dev/null 2>&1
}

# The real interpreter behind a path: a pyenv shim resolves to the installed binary, so
# the venv is bound to the interpreter, not to whatever the shim selects later.
real_path() {
    "$1" -c "import sys; print(sys.executable)" 2>/dev/null
}

# True if `python -m venv` really makes a working environment (with pip). Debian and
# Ubuntu ship the venv module but strip ensurepip until python3-venv is installed, so
# importing venv is not enough: make a throwaway one.
venv_ok() {
    local tmp rc
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/find-python.XXXXXX")
    if "$1" -m venv "$tmp/venv" >/dev/null 2>&1 && "$tmp/venv/bin/python" -m pip --version >/dev/null 2>&1; then
        rc=0
    else
        rc=1
    fi
    rm -rf -- "$tmp"
    return "$rc"
}

TRIED=()
SYSTEM_NO_VENV=""

# Try one candidate; print its path and exit if it fits.
try() {
    local path exe
    path=$(resolve "$1") || return 0
    [[ -n $path ]] || return 0
    TRIED+=("$path")
    version_ok "$path" || return 0
    exe=$(real_path "$path") || return 0
    [[ -n $exe && -x $exe ]] || exe=$path
    if venv_ok "$exe"; then
        printf '%s\n' "$exe"
        exit 0
    fi
    log "$exe is >= $MIN_MAJOR.$MIN_MINOR but 'python -m venv' does not work with it"
    if [[ $exe == /usr/bin/* && -z $SYSTEM_NO_VENV ]]; then
        SYSTEM_NO_VENV=$exe
    fi
}

# 1. An explicit choice wins, and is not second-guessed.
if [[ -n ${PYTHON:-} ]]; then
    path=$(resolve "$PYTHON") || true
    if [[ -z ${path:-} ]]; then
        log "PYTHON=$PYTHON is not an executable"
        exit 1
    fi
    if ! version_ok "$path"; then
        log "PYTHON=$PYTHON does not run or is older than $MIN_MAJOR.$MIN_MINOR"
        exit 1
    fi
    exe=$(real_path "$path") || exe=$path
    if ! venv_ok "$exe"; then
        log "PYTHON=$PYTHON cannot create a virtual environment ('$exe -m venv' failed;"
        log "on Debian/Ubuntu install the python3-venv package)"
        exit 1
    fi
    printf '%s\n' "$exe"
    exit 0
fi

# 2. Versioned names on PATH.
for name in python3.13 python3.12 python3.14; do
    try "$name"
done

# 3. Plain python3, if recent enough.
try python3

# 4. pyenv installs, even when pyenv has not selected them.
pyenv_root=$(pyenv root 2>/dev/null || true)
home=${HOME:-$(getent passwd "$(id -u)" 2>/dev/null | cut -d: -f6)}
pyenv_root=${pyenv_root:-${home:-/root}/.pyenv}
shopt -s nullglob
for minor in 13 12 14 15 16 17 18 19; do
    # Newest patch release first.
    mapfile -t found < <(printf '%s\n' "$pyenv_root"/versions/3."$minor"*/bin/python3 | sort -rV)
    for candidate in "${found[@]}"; do
        [[ -n $candidate ]] && try "$candidate"
    done
done

# 5. System interpreters that are not the default python3.
for candidate in /usr/bin/python3.1[2-9]; do
    try "$candidate"
done
shopt -u nullglob

# A system Python that fits but lacks ensurepip: install python3-venv if we may.
if [[ -n $SYSTEM_NO_VENV ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        log "installing python3-venv for $SYSTEM_NO_VENV (apt-get)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2 || log "apt-get update failed; trying the install anyway"
        # python3-venv pulls in the venv package for the default python3; the versioned
        # one covers a /usr/bin/python3.X that is not the default.
        ver=$("$SYSTEM_NO_VENV" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
        apt-get install -y -qq python3-venv >&2 || true
        apt-get install -y -qq "python$ver-venv" >&2 || true
        if venv_ok "$SYSTEM_NO_VENV"; then
            printf '%s\n' "$SYSTEM_NO_VENV"
            exit 0
        fi
        log "python3-venv installed but '$SYSTEM_NO_VENV -m venv' still fails"
    else
        log "$SYSTEM_NO_VENV fits but cannot create a virtual environment:"
        log "install the python3-venv package (as root: apt-get install python3-venv)"
    fi
    exit 1
fi

log "no Python >= $MIN_MAJOR.$MIN_MINOR with a working venv module was found."
if ((${#TRIED[@]})); then
    log "tried: ${TRIED[*]}"
fi
log "Install Python $MIN_MAJOR.$MIN_MINOR or newer (e.g. 'pyenv install 3.13', or your"
log "distribution's python3 >= $MIN_MAJOR.$MIN_MINOR with python3-venv), or point PYTHON at one:"
log "  make serve PYTHON=/path/to/python3.13"
exit 1
