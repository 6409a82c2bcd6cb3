#!/usr/bin/env bash
# The lazy build's binary (STRATA_LAZY_CLIENT_LIBS) is linked to neither
# client library nor to anything of theirs (TLS, Kerberos, LDAP): the
# dynamic loader opens none of them at start, they are opened on the first
# connection (drivers/common/library_loader.h). Registered for that build only.
# Usage: no_client_libs_linked_test.sh PATH_TO_STRATA
set -uo pipefail
if [ $# -lt 1 ]; then echo "usage: $0 PATH_TO_STRATA" >&2; exit 2; fi
if ! libs=$(ldd "$1" 2>&1); then echo "FAIL ldd $1: $libs"; exit 1; fi
# A sanity check first, so an ldd that printed nothing useful cannot pass.
if ! grep -q 'libc\.so\.6 => /' <<<"$libs"; then echo "FAIL ldd lists no libc:"; echo "$libs"; exit 1; fi
if linked=$(grep -E 'libpq|libmariadb|libmysql|libssl|libcrypto|libgnutls|libgssapi|libkrb5|libldap' <<<"$libs"); then
  echo "FAIL the binary is linked to client libraries:"; echo "$linked"; exit 1
fi
echo "ok no client library among the $(wc -l <<<"$libs") lines of ldd"
echo "1 passed, 0 failed"
