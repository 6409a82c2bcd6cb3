#!/usr/bin/env bash
# The Debian package (issue 13): cpack builds strata_<version>_amd64.deb from
# the build that holds PATH_TO_STRATA; dpkg -i installs it into a clean
# folder root (its own dpkg database: nothing of the system is touched);
# there the binary runs (--version, an init and a history), `man -w strata`
# finds the man page, which names every command, and the bash completion
# completes commands and options (the zsh one is checked by zsh -n).
# Usage: deb_package_test.sh PATH_TO_STRATA
set -uo pipefail
if [ $# -lt 1 ]; then echo "usage: $0 PATH_TO_STRATA" >&2; exit 2; fi
strata=$(realpath "$1")
build=$(dirname "$strata")
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
e2e_harness deb
backend=deb

(cd "$build" && cpack -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) || { fail "cpack failed:"; tail -5 "$tmp/cpack.log"; }
deb=$(ls "$tmp"/pkg/strata_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] && ok "cpack wrote $(basename "$deb")" || fail "no strata_*_amd64.deb in $tmp/pkg"
version=$("$strata" --version)
case "$(basename "$deb")" in "strata_${version##* }_amd64.deb") ok "the file is named after the version" ;;
  *) fail "package $(basename "$deb") for version '$version'" ;; esac

root=$tmp/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
# Its dependencies are the system's libraries, not in this root's database.
if dpkg --root="$root" --force-depends --force-not-root -i "$deb" >"$tmp/dpkg.log" 2>&1; then ok "dpkg -i into a folder root"
else fail "dpkg -i:"; tail -5 "$tmp/dpkg.log"; fi
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libpq5 libmariadb3; do
  case "$depends" in *"$lib"*) ok "Depends names $lib" ;; *) fail "Depends lacks $lib: $depends" ;; esac
done
[ "$(dpkg --root="$root" -s strata 2>/dev/null | sed -n 's/^Status: //p')" = "install ok installed" ] \
  && ok "dpkg says strata is installed" || fail "dpkg -s strata in the root"

bin=$root/usr/bin/strata
[ "$("$bin" --version 2>&1)" = "$version" ] && ok "the installed binary runs: $version" || fail "installed strata --version"
proj=$tmp/proj && mkdir -p "$proj"
if (cd "$proj" && "$bin" init migrations >/dev/null 2>&1 && "$bin" history >/dev/null 2>&1); then ok "init and history with the installed binary"
else fail "init with the installed binary"; fi

page=$(MANPATH="$root/usr/share/man" man -w strata 2>&1)
[ "$page" = "$root/usr/share/man/man1/strata.1" ] && ok "man -w strata finds the page" || fail "man -w strata: $page"
missing=""
for cmd in $("$strata" --help | awk '/^Subcommands:/ { on = 1; next } on && NF { print $1 }'); do
  grep -q "^\.SS $cmd\$" "$root/usr/share/man/man1/strata.1" || missing="$missing $cmd"
done
[ -z "$missing" ] && ok "the man page has every command" || fail "the man page lacks:$missing"
MANWIDTH=80 man -l "$root/usr/share/man/man1/strata.1" >"$tmp/man.txt" 2>"$tmp/man.err" && grep -q "strata rebase" "$tmp/man.txt" \
  && ok "the man page renders" || fail "man -l: $(head -3 "$tmp/man.err")"

complete_words() {  # complete_words WORD...: the bash completion's answer for the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _strata; echo "${COMPREPLY[*]}"' _ \
    "$root/usr/share/bash-completion/completions/strata" "$@"
}
[ "$(complete_words strata up)" = "upgrade" ] && ok "bash: 'strata up' completes to upgrade" || fail "bash: strata up -> $(complete_words strata up)"
[ "$(complete_words strata --url sqlite:// upgrade --sql)" = "--sql --sql-dir" ] \
  && ok "bash: an upgrade option after global ones" || fail "bash: upgrade --sql -> $(complete_words strata --url sqlite:// upgrade --sql)"
[ "$(complete_words strata re)" = "revision rebase" ] && ok "bash: two commands" || fail "bash: re -> $(complete_words strata re)"
zsh_file=$root/usr/share/zsh/vendor-completions/_strata
if zsh -n "$zsh_file" 2>"$tmp/zsh.err" && grep -q "^#compdef strata" "$zsh_file" && grep -q "'verify:" "$zsh_file"; then
  ok "zsh: the completion parses and lists the commands"
else fail "zsh completion: $(head -3 "$tmp/zsh.err")"; fi

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
