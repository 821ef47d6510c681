#!/usr/bin/env bash
# Builds tests/oracle/main.go into $1 (default: target/hcloracle) against HashiCorp's
# hcl v2 from Debian's packages (golang-go, golang-github-hashicorp-hcl-v2-dev), in GOPATH
# mode with no module proxy: nothing is fetched but Debian packages. Skips apt when the
# packages are present and the build when the binary is newer than main.go.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(realpath -m "${1:-$here/../../target/hcloracle}")"
# Test threads call this at once on a fresh checkout: one builds, the others wait for it.
mkdir -p "$(dirname "$out")"
exec 9>"$out.lock"
flock 9
if ! command -v go >/dev/null || [ ! -d /usr/share/gocode/src/github.com/hashicorp/hcl/v2/hclwrite ]; then
  [ "$(id -u)" = 0 ] || { echo "build.sh: needs root to apt-get install golang-go golang-github-hashicorp-hcl-v2-dev" >&2; exit 1; }
  apt-get update -qq
  for try in 1 2 3; do
    # Another apt run can delete our downloaded .debs mid-install (the image's docker-clean
    # hook), so wait for the dpkg lock and retry.
    if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
         --no-install-recommends golang-go golang-github-hashicorp-hcl-v2-dev >/dev/null; then
      break
    fi
    [ "$try" = 3 ] && { echo "build.sh: apt-get install failed 3 times" >&2; exit 1; }
    sleep 5
  done
fi
if [ -x "$out" ] && [ "$out" -nt "$here/main.go" ]; then exit 0; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/hcloracle"
cp "$here/main.go" "$work/src/hcloracle/main.go"
export GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off
export GOCACHE="${GOCACHE:-$HOME/.cache/go-build}"
(cd "$work/src/hcloracle" && go build -o "$work/hcloracle" .)
# Self-test: a misaligned input is not fmt-clean, its formatted form is.
printf 'a = 1\nbbb = "x"\n' | "$work/hcloracle" check 2>/dev/null && { echo "build.sh: oracle self-test failed" >&2; exit 1; }
printf 'a   = 1\nbbb = "x"\n' | "$work/hcloracle" check
# Into place in one step: nobody runs a half-written binary.
mv -f "$work/hcloracle" "$out"
echo "hcloracle: $out"
