#!/usr/bin/env python3
"""The canonical catalog of a SQLite database, one fact per line, for the
round-trip test (roundtrip_test.sh): what strata manages (tables, columns,
indexes, foreign keys, CHECKs, generated columns, WITHOUT ROWID, AUTOINCREMENT), read through the
pragmas and normalised, so two databases built by different DDL texts
compare equal exactly when their schemas are the same.

Usage: roundtrip_catalog.py DATABASE_FILE
"""
import re
import sqlite3
import sys

SKIP = ("alembic_version", "strata_revisions")


def squeeze(sql):
    """SQL text without identifier quotes, case or whitespace: `[a]`, "a",
    `a` and a all read alike, so only the meaning of a clause is compared."""
    return re.sub(r"[\s\"`\[\]]", "", sql or "").lower()


def checks(sql, word="CHECK"):
    """The CHECK clauses of a CREATE TABLE (or the bodies of another WORD
    followed by parentheses: AS, a generated column's), squeezed and sorted."""
    out, i, up = [], 0, sql.upper()
    while True:
        i = up.find(word, i)
        if i < 0:
            return sorted(out)
        j = sql.find("(", i)
        before_ok = i == 0 or not (up[i - 1].isalnum() or up[i - 1] == "_")
        if j < 0 or sql[i + len(word):j].strip() or not before_ok:
            i += len(word)
            continue
        depth, k = 0, j
        while k < len(sql):
            depth += {"(": 1, ")": -1}.get(sql[k], 0)
            if depth == 0:
                break
            k += 1
        out.append(squeeze(sql[j + 1:k]))
        i = k


def main(path):
    db = sqlite3.connect(path)
    q = lambda sql, *a: db.execute(sql, a).fetchall()
    tables = [r[0] for r in q("SELECT name FROM sqlite_master WHERE type = 'table' "
                               "AND name NOT LIKE 'sqlite_%' ORDER BY name") if r[0] not in SKIP]
    for t in tables:
        sql = q("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", t)[0][0]
        flags = [f for f, on in (("without rowid", re.search(r"\)\s*WITHOUT\s+ROWID\s*;?\s*$", sql, re.I)),
                                 ("autoincrement", re.search(r"\bAUTOINCREMENT\b", sql, re.I))) if on]
        print("table", t, *flags)
        columns = q("SELECT * FROM pragma_table_xinfo(?)", t)
        # A rowid alias (the one INTEGER PRIMARY KEY of a rowid table) is
        # never NULL, whether or not its DDL says NOT NULL.
        pks = [c for c in columns if c[5]]
        alias = len(pks) == 1 and pks[0][2].upper() == "INTEGER" and "without rowid" not in flags
        for cid, name, typ, notnull, dflt, pk, hidden in columns:
            notnull = notnull or (alias and pk)
            print("  column", cid, name, "type=" + typ, "notnull" if notnull else "null",
                  "default=" + squeeze(dflt) if dflt is not None else "", "pk=%d" % pk if pk else "",
                  "hidden=%d" % hidden if hidden else "")
        for seq, name, unique, origin, partial in q("SELECT * FROM pragma_index_list(?) ORDER BY name", t):
            keys = ["%s%s%s" % (n if c >= 0 else "<expr>", " desc" if d else "", "" if coll == "BINARY" else " " + coll)
                    for _, c, n, d, coll, key in q("SELECT * FROM pragma_index_xinfo(?) ORDER BY seqno", name) if key]
            # Auto-indexes have no SQL; an index's own text tells its
            # expressions and WHERE, squeezed.
            isql = q("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", name)
            text = squeeze(isql[0][0]) if isql and isql[0][0] else ""
            shown = name if not name.startswith("sqlite_autoindex_") else "<autoindex>"
            print("  index", shown, "unique" if unique else "", origin, "partial" if partial else "",
                  "(" + ", ".join(keys) + ")", ("sql=" + text.replace("ifnotexists", "")) if text else "")
        for row in q("SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq", t):
            fid, seq, other, frm, to, on_update, on_delete, match = row
            print("  foreign key", seq, other, frm, "->", to, "on update", on_update, "on delete", on_delete, match)
        for c in checks(sql):
            print("  check", c)
        for g in checks(sql, "AS"):
            print("  generated as", g)
        # No pragma tells a column's collation: which ones the table uses.
        for c in sorted(re.findall(r"\bCOLLATE\s+[\"`\[]?(\w+)", sql, re.I), key=str.lower):
            print("  collate", c.lower())
    for name, tbl in q("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                       "AND tbl_name NOT IN (SELECT name FROM sqlite_master WHERE type = 'table')"):
        print("index without a table", name, tbl)


if __name__ == "__main__":
    main(sys.argv[1])
