"""The fault suite's view of a database: a fresh one per scenario, and a
snapshot of it (version rows, strata's progress mark, and the state that
project.state_at describes), read over a connection of the suite's own in
autocommit mode (it holds no lock strata could wait on). PostgreSQL through
psycopg2, MariaDB through PyMySQL, SQLite through the sqlite3 module."""

import os
import sqlite3
import urllib.parse

VERSION_TABLE = "alembic_version"
MARK_TABLE = "strata_progress_alembic_version"
LOG_TABLE = "strata_revisions"


class Snapshot:
    def __init__(self, versions, mark, state, mark_table, log_latest):
        self.versions = versions    # sorted version rows
        self.log_latest = log_latest  # {revision: direction of its latest row in the revision log}
        self.mark = mark            # (revision, direction, operation, state) or None
        self.state = state          # {table: (columns, rows, indexes)}
        self.mark_table = mark_table  # the progress table exists (with or without a row)


class Database:
    name = ""

    def snapshot(self):
        with self.reading():
            tables = self._tables()
            versions = sorted(self._column(f"SELECT version_num FROM {VERSION_TABLE}")) if VERSION_TABLE in tables else []
            mark = None
            if MARK_TABLE in tables:
                rows = self._rows(f"SELECT revision, direction, operation, state FROM {MARK_TABLE}")
                if rows:
                    r = rows[0]
                    mark = (r[0], r[1], int(r[2]), r[3])
            log_latest = {}
            if LOG_TABLE in tables:
                for revision, direction in self._rows(f"SELECT revision, direction FROM {LOG_TABLE} ORDER BY id"):
                    log_latest[revision] = direction
            ours = sorted(tables - {VERSION_TABLE, MARK_TABLE, LOG_TABLE})
            state = {}
            if ours:
                columns, indexes = {}, {}
                for t, c in self._all_columns():
                    columns.setdefault(t, []).append(c)
                for t, i in self._all_indexes():
                    indexes.setdefault(t, set()).add(i)
                counts = dict(self._rows(" UNION ALL ".join(f"SELECT '{t}', count(*) FROM {self.q(t)}" for t in ours)))
                for t in ours:
                    state[t] = (tuple(sorted(columns.get(t, []))), int(counts[t]), tuple(sorted(indexes.get(t, ()))))
        return Snapshot(versions, mark, state, MARK_TABLE in tables, log_latest)

    def reading(self):
        """A context for the reads of one snapshot."""
        import contextlib
        return contextlib.nullcontext()

    def _column(self, sql):
        return [r[0] for r in self._rows(sql)]


class Postgres(Database):
    name = "postgresql"

    def __init__(self, admin_url, db):
        import psycopg2
        self._pg = psycopg2
        self.admin_url, self.db = admin_url, db
        admin = psycopg2.connect(admin_url)
        admin.autocommit = True
        with admin.cursor() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{db}"')
        admin.close()
        self.url = admin_url.rsplit("/", 1)[0] + "/" + db
        self._conn = None

    def conn(self):
        if self._conn is None or self._conn.closed:
            self._conn = self._pg.connect(self.url)
            self._conn.autocommit = True
        return self._conn

    def reconnect(self):
        try:
            if self._conn is not None:
                self._conn.close()
        except Exception:
            pass
        self._conn = None

    def _rows(self, sql):
        try:
            with self.conn().cursor() as c:
                c.execute(sql)
                return c.fetchall() if c.description else []
        except (self._pg.OperationalError, self._pg.InterfaceError):
            self.reconnect()
            raise

    execute = _rows

    def q(self, name):
        return '"' + name + '"'

    def _tables(self):
        return set(self._column("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))

    def _all_columns(self):
        return self._rows("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'")

    def _all_indexes(self):
        return self._rows("SELECT t.relname, i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                          "JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                          "WHERE n.nspname = 'public' AND NOT x.indisprimary")

    def backends(self):
        """Server processes connected to this database, other than ours."""
        return self._column(f"SELECT pid FROM pg_stat_activity WHERE datname = '{self.db}' "
                            "AND pid <> pg_backend_pid()")

    def terminate(self, pid):
        self._rows(f"SELECT pg_terminate_backend({int(pid)})")

    def drop(self):
        self.reconnect()
        try:
            admin = self._pg.connect(self.admin_url)
            admin.autocommit = True
            with admin.cursor() as c:
                c.execute(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')
            admin.close()
        except Exception:
            pass


def mysql_params(url):
    u = urllib.parse.urlsplit(url)
    return dict(host=u.hostname, port=u.port or 3306, user=urllib.parse.unquote(u.username or ""),
                password=urllib.parse.unquote(u.password or ""))


class Mysql(Database):
    name = "mysql"

    def __init__(self, admin_url, db):
        import pymysql
        self._my = pymysql
        self.admin_url, self.db = admin_url, db
        self.params = mysql_params(admin_url)
        admin = pymysql.connect(autocommit=True, **self.params)
        with admin.cursor() as c:
            c.execute(f"DROP DATABASE IF EXISTS `{db}`")
            c.execute(f"CREATE DATABASE `{db}`")
        admin.close()
        self.url = admin_url.rsplit("/", 1)[0] + "/" + db
        self._conn = None

    def conn(self):
        if self._conn is None or not self._conn.open:
            self._conn = self._my.connect(autocommit=True, database=self.db, **self.params)
        return self._conn

    def reconnect(self):
        try:
            if self._conn is not None:
                self._conn.close()
        except Exception:
            pass
        self._conn = None

    def _rows(self, sql):
        try:
            with self.conn().cursor() as c:
                c.execute(sql)
                return list(c.fetchall())
        except (self._my.err.OperationalError, self._my.err.InterfaceError):
            self.reconnect()
            raise

    execute = _rows

    def q(self, name):
        return "`" + name + "`"

    def _tables(self):
        return set(self._column("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"))

    def _all_columns(self):
        return self._rows("SELECT table_name, column_name FROM information_schema.columns "
                          "WHERE table_schema = DATABASE()")

    def _all_indexes(self):
        return self._rows("SELECT DISTINCT table_name, index_name FROM information_schema.statistics "
                          "WHERE table_schema = DATABASE() AND index_name <> 'PRIMARY'")

    def backends(self):
        return self._column(f"SELECT id FROM information_schema.processlist WHERE db = '{self.db}' "
                            "AND id <> CONNECTION_ID()")

    def terminate(self, pid):
        self._rows(f"KILL {int(pid)}")

    def drop(self):
        self.reconnect()
        try:
            admin = self._my.connect(autocommit=True, **self.params)
            with admin.cursor() as c:
                c.execute(f"DROP DATABASE IF EXISTS `{self.db}`")
            admin.close()
        except Exception:
            pass


class Sqlite(Database):
    name = "sqlite"

    def __init__(self, path):
        self.path = path
        for suffix in ("", "-journal", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        self.url = "sqlite:///" + path

    def reading(self):
        # A connection per snapshot: nothing stays open between strata's runs
        # (opening rolls back a hot journal a killed run left, as strata's
        # next run would).
        import contextlib

        @contextlib.contextmanager
        def connection():
            self._conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            try:
                yield
            finally:
                self._conn.close()
                self._conn = None

        return connection()

    _conn = None

    def _rows(self, sql):
        if self._conn is not None:
            return self._conn.execute(sql).fetchall()
        with self.reading():
            return self._conn.execute(sql).fetchall()

    execute = _rows

    def q(self, name):
        return '"' + name + '"'

    def _tables(self):
        return set(self._column("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))

    def _all_columns(self):
        return [(t, r[1]) for t in self._tables() for r in self._rows(f"PRAGMA table_info({self.q(t)})")]

    def _all_indexes(self):
        return self._rows("SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' "
                          "AND name NOT LIKE 'sqlite_autoindex%'")

    def drop(self):
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                os.remove(self.path + suffix)
            except FileNotFoundError:
                pass
