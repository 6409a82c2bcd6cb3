#!/usr/bin/env bash
# Writes the man page (strata.1) and the bash and zsh completions from the
# built binary's own --help texts, so they never disagree with it: every
# command and its options, as `strata --help` and `strata CMD --help` print
# them. Run by the build (CMakeLists.txt, target strata_docs).
# Usage: gen-docs.sh PATH_TO_STRATA OUT_DIR
set -euo pipefail
bin=$1 out=$2
mkdir -p "$out"
version=$("$bin" --version)

# The commands and their one-line descriptions, from the Subcommands section.
commands=$("$bin" --help | awk '/^Subcommands:/ { on = 1; next } on && NF { print }')
names=$(printf '%s\n' "$commands" | awk '{ print $1 }')

# options HELP_TEXT: each option's flags (first column of the Options section).
options() {
  printf '%s\n' "$1" | awk '/^Options:/ { on = 1; next } /^[A-Z][a-z]*:/ { on = 0 } on && /^  -/ {
    split($1, flags, ","); for (i in flags) print flags[i] }' | sort -u
}

# roff TEXT: TEXT with roff's special characters escaped.
roff() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/" -e 's/-/\\-/g'; }

{
  echo ".TH STRATA 1 \"\" \"$version\" \"User Commands\""
  echo ".SH NAME"
  echo "strata \\- schema migrations for SQLite, PostgreSQL and MySQL/MariaDB, compatible with Alembic"
  echo ".SH SYNOPSIS"
  echo ".B strata"
  echo "[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]"
  echo ".SH DESCRIPTION"
  echo "strata keeps a graph of migration files, applies and reverts them against a database, records the"
  echo "position in Alembic's alembic_version table, and writes new migrations by comparing declared models"
  echo "with the live schema. The global options below go before the command."
  echo ".SH OPTIONS"
  echo ".nf"
  "$bin" --help | awk '/^Options:/ { on = 1; next } /^Subcommands:/ { on = 0 } on' | roff
  echo ".fi"
  echo ".SH COMMANDS"
  for name in $names; do
    echo ".SS $name"
    echo ".nf"
    "$bin" "$name" --help | roff
    echo ".fi"
  done
  echo ".SH EXIT STATUS"
  echo "0 done; 1 a database or migration failure; 2 a usage, configuration, migration-file or models error,"
  echo "or a target that cannot be resolved; 3 something to look at (check found differences, lint an error,"
  echo "verify a problem, heads \\-\\-check several heads, stairway an irreversible revision)."
  echo ".SH FILES"
  echo "strata.yaml (or \$STRATA_CONFIG, or \\-c FILE): the project's configuration."
  echo ".SH SEE ALSO"
  echo "alembic(1), and the README of strata."
} >"$out/strata.1"

# bash: the command at position 1 (after global options), then its options.
{
  echo "# bash completion for strata (generated from its --help by scripts/gen-docs.sh)"
  echo "_strata() {"
  echo "  local cur=\${COMP_WORDS[COMP_CWORD]} cmd= i"
  echo "  for ((i = 1; i < COMP_CWORD; i++)); do"
  echo "    case \${COMP_WORDS[i]} in -c|--config|--url) ((i++)) ;; -*) ;; *) cmd=\${COMP_WORDS[i]}; break ;; esac"
  echo "  done"
  echo "  local words"
  echo "  case \$cmd in"
  echo "    '') words=\"$(echo $names) $(options "$("$bin" --help)" | tr '\n' ' ')\" ;;"
  for name in $names; do
    echo "    $name) words=\"$(options "$("$bin" "$name" --help)" | tr '\n' ' ')\" ;;"
  done
  echo "  esac"
  echo "  COMPREPLY=(\$(compgen -W \"\$words\" -- \"\$cur\"))"
  echo "}"
  echo "complete -o default -F _strata strata"
} >"$out/strata.bash"

# zsh: commands with their descriptions, then each command's options.
{
  echo "#compdef strata"
  echo "# zsh completion for strata (generated from its --help by scripts/gen-docs.sh)"
  echo "_strata() {"
  echo "  local -a commands"
  echo "  commands=("
  printf '%s\n' "$commands" | while read -r name desc; do
    printf "    '%s:%s'\n" "$name" "$(printf '%s' "$desc" | sed "s/'/'\\\\''/g; s/:/\\\\:/g")"
  done
  echo "  )"
  echo "  local cmd=\${words[(r)[^-]*]}  # the first word that is not an option"
  echo "  [[ \$cmd == strata ]] && cmd=\${words[3,-1][(r)[^-]*]}"
  echo "  if (( CURRENT == 2 )) || [[ -z \$cmd || \$cmd == \${words[CURRENT]} ]]; then"
  echo "    _describe 'command' commands"
  echo "    return"
  echo "  fi"
  echo "  case \$cmd in"
  for name in $names; do
    echo "    $name) compadd -- $(options "$("$bin" "$name" --help)" | tr '\n' ' ') ;;"
  done
  echo "  esac"
  echo "}"
  echo "_strata \"\$@\""
} >"$out/_strata"
