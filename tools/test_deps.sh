#!/usr/bin/env bash
# The real parts the tests drive, from Debian's packages: Chromium (browser tests),
# Dovecot (IMAP/LMTP email tests), ClamAV's daemon (the malware-scan test), gettext
# (catalog checks) and the PostgreSQL client tools (pg_isready, pg_dump for backups).
# As root they are installed; otherwise one line says what to install, and the tests
# that need a missing part skip with that reason (CI=true turns those skips into failures).
set -uo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium fonts-dejavu-core)
{ [ -x /usr/sbin/dovecot ] && [ -x /usr/lib/dovecot/lmtp ]; } || need+=(dovecot-imapd dovecot-lmtpd)
[ -x /usr/sbin/clamd ] || need+=(clamav-daemon)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
{ command -v pg_isready >/dev/null 2>&1 && command -v pg_dump >/dev/null 2>&1; } || need+=(postgresql-client)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing the test tools from Debian's packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  # policy-rc.d keeps the packages' own services (clamav-daemon, dovecot) from starting:
  # every test run starts private servers on loopback.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "make test: some tests will skip; to run them all: sudo apt-get install ${need[*]}"
fi
exit 0
