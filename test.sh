#!/usr/bin/env bash
# Runs every test: installs what the tests need (idempotent), then `dotnet test Gatehouse.slnx -c Release`.
# Extra arguments go to dotnet test, e.g. ./test.sh --filter Category=Durability
#
# Needs: the .NET 10 SDK; python3 with boto3 and joserfc (the machine's pyenv has them); the AWS CLI;
# Node.js with npm (jose, openid-client, amazon-cognito-identity-js and aws-amplify are installed into
# tests/Gatehouse.Compat.Tests/node from its package-lock.json); Debian's Chromium for the browser tests
# (Playwright drives /usr/bin/chromium with the node driver its NuGet package ships; it never downloads a browser).
# Screenshots go to artifacts/screenshots/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

apt_updated=
apt_install() {
    local sudo=
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    if [ -z "$apt_updated" ]; then
        $sudo apt-get update -qq
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}

# .NET: the SDK comes with the machine.
command -v dotnet >/dev/null || die "the .NET SDK is missing (global.json asks for 10.0.100 or a later feature band)"

# Node.js and npm, then the npm packages from the committed lock file. npm ci reinstalls from npm's cache when it can.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    log "installing Node.js and npm (apt)"
    apt_install nodejs npm
fi
log "npm ci (tests/Gatehouse.Compat.Tests/node)"
npm ci --prefix tests/Gatehouse.Compat.Tests/node --prefer-offline --no-audit --no-fund --loglevel=error

# Python with boto3 and joserfc. PyPI is not reachable here, so they must come with the machine (pyenv).
command -v python3 >/dev/null || apt_install python3
python3 -c 'import boto3, botocore, joserfc' 2>/dev/null \
    || die "python3 ($(command -v python3)) lacks boto3 or joserfc: install them into that Python (pip install boto3 joserfc)"

# The AWS CLI: the pyenv one when present, else Debian's.
if ! command -v aws >/dev/null; then
    log "installing the AWS CLI (apt)"
    apt_install awscli
fi

# Debian's Chromium for tests/Gatehouse.Browser.Tests. Playwright's own browser downloads cannot work here.
if [ ! -x /usr/bin/chromium ]; then
    log "installing Chromium (apt)"
    apt_install chromium
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# Name the real interpreter and CLI: pyenv's shims cost half a second on every one of the tests' many calls.
GATEHOUSE_COMPAT_PYTHON=$(python3 -c 'import sys; print(sys.executable)')
GATEHOUSE_COMPAT_AWS=$(command -v aws)
case "$GATEHOUSE_COMPAT_AWS" in
    */.pyenv/shims/*) GATEHOUSE_COMPAT_AWS=$(pyenv which aws 2>/dev/null || echo "$GATEHOUSE_COMPAT_AWS") ;;
esac
# The servers the tests start run python functions on the same interpreter, without the shim's cost per worker.
GATEHOUSE_PYTHON=$GATEHOUSE_COMPAT_PYTHON
export GATEHOUSE_COMPAT_PYTHON GATEHOUSE_COMPAT_AWS GATEHOUSE_PYTHON
log "tools: dotnet $(dotnet --version), node $(node --version), $("$GATEHOUSE_COMPAT_PYTHON" --version 2>&1), $("$GATEHOUSE_COMPAT_AWS" --version 2>&1 | cut -d' ' -f1), $(/usr/bin/chromium --version 2>/dev/null | cut -d' ' -f1-2)"

# Every test project in the solution. A hung test host is dumped and killed rather than eating CI's time.
log "dotnet test Gatehouse.slnx -c Release"
output=$(mktemp)
trap 'rm -f "$output"' EXIT
set +e
dotnet test Gatehouse.slnx -c Release --blame-hang-timeout 20m "$@" 2>&1 | tee "$output"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over the per-assembly lines
# ("Passed!  - Failed:     0, Passed:    14, Skipped:     0, Total:    14, ...").
awk '/(Passed|Failed)! +- +Failed:/ {
        for (i = 1; i <= NF; i++) {
            if ($i == "Failed:") failed += $(i + 1)
            if ($i == "Passed:") passed += $(i + 1)
            if ($i == "Skipped:") skipped += $(i + 1)
        }
    }
    END { printf "Tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$output"
exit "$status"
