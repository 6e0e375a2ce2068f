#!/usr/bin/env bash
# Installs the system packages the tests need: Debian's Chromium for the browser tests, and for
# the end-to-end tests what building code-server from npm needs (ripgrep, a C++ toolchain, the
# Kerberos headers) plus unshare and ip for their private network namespace.
# Runs before `npm test`; does nothing when everything is there already.
set -euo pipefail

missing=()
# need PACKAGE CHECK...: adds PACKAGE to the list when the CHECK command fails.
need() {
	local package=$1
	shift
	"$@" >/dev/null 2>&1 || missing+=("$package")
}
need chromium command -v chromium
need ripgrep command -v rg
need libkrb5-dev test -e /usr/include/gssapi/gssapi.h
need g++ command -v g++
need make command -v make
need python3 command -v python3
need curl command -v curl
need util-linux command -v unshare
need iproute2 test -x /usr/sbin/ip
need ca-certificates test -e /etc/ssl/certs/ca-certificates.crt

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "The tests need these Debian packages: ${missing[*]}." >&2
	echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "Installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
