// Bodies strata does not translate: the whole body is kept untranslated with
// a reason a user understands and the line it is about. Nothing is guessed.
#include "tests/versions/alembic_test_support.h"

// Its own namespace: the unity build compiles several test files as one.
namespace alembic_untranslated_test {

using namespace alembic_test;

TEST_CASE("alembic ops: untranslated statements name what they are and their line") {
  // revision() puts the body's first line on line 6.
  const std::pair<const char*, const char*> cases[] = {
      {"    for t in ['a', 'b']:\n        op.drop_table(t)\n",
       "for loop is not an operation strata can translate: for t in ['a', 'b']: (versions/abc.py:6)"},
      {"    op.drop_table('a')\n    if True:\n        op.drop_table('b')\n",
       "if statement is not an operation strata can translate: if True: (versions/abc.py:7)"},
      {"    op.get_bind()\n", "op.get_bind() is not an operation strata can translate (versions/abc.py:6)"},
      {"    conn = op.get_bind()\n    conn.execute('x')\n",
       "op.get_bind() is not an operation strata can translate (versions/abc.py:6)"},
      {"    bind.execute('x')\n", "bind.execute() is not an operation strata can translate (versions/abc.py:6)"},
      {"    print('hello')\n", "print() is not an operation strata can translate (versions/abc.py:6)"},
      {"    op.create_exclude_constraint('x', 't', ('period', '&&'))\n",
       "op.create_exclude_constraint() is not an operation strata can translate (versions/abc.py:6)"},
      {"    n = compute()\n",
       "the assignment to n is not a literal strata can translate: compute() (versions/abc.py:6)"},
      {"    n = 1\n    n += 1\n",
       "augmented assignment (+=) is not an operation strata can translate: n += 1 (versions/abc.py:7)"},
      {"    op.drop_table\n", "'op.drop_table' is not an operation strata can translate (versions/abc.py:6)"},
      {"    yield op.drop_table('t')\n",
       "'yield op.drop_table('t')' is not an operation strata can translate (versions/abc.py:6)"},
      {"    op.create_table(*columns)\n",
       "'op.create_table(*columns)' is not an operation strata can translate (an expression, or a call with *args or "
       "**kwargs) (versions/abc.py:6)"},
      {"    with op.get_context().autocommit_block():\n        op.execute('VACUUM')\n",
       "'with op.get_context().autocommit_block()': only op.batch_alter_table blocks can be translated "
       "(versions/abc.py:6)"},
  };
  for (const auto& [body, reason] : cases) CHECK(reason_of(body) == reason);
}

TEST_CASE("alembic ops: untranslated arguments and keywords") {
  const std::pair<const char*, const char*> cases[] = {
      {"    op.drop_table(some_var)\n",
       "op.drop_table table_name: argument is not a literal: some_var (versions/abc.py:6)"},
      {"    op.drop_table(f'{PREFIX}_x')\n",
       "op.drop_table table_name: argument is not a literal: f'{PREFIX}_x' (versions/abc.py:6)"},
      {"    op.drop_table(42)\n", "op.drop_table table_name must be a string, not 42 (versions/abc.py:6)"},
      {"    op.drop_table('t', if_exists=True)\n",
       "op.drop_table: keyword 'if_exists' has no strata equivalent (versions/abc.py:6)"},
      {"    op.drop_table('t', 's', 'x')\n", "op.drop_table: too many positional arguments (3) (versions/abc.py:6)"},
      {"    op.drop_table('t', table_name='u')\n",
       "op.drop_table: argument 'table_name' given twice (versions/abc.py:6)"},
      {"    op.create_index('ix', 't', ['a'], postgresql_ops={'zz': 'text_pattern_ops'})\n",
       "op.create_index postgresql_ops names 'zz', which is not an indexed column (versions/abc.py:6)"},
      {"    op.create_index('ix', 't', ['a'], postgresql_ops=['a'])\n",
       "op.create_index postgresql_ops must be a dict of column: operator class (versions/abc.py:6)"},
      {"    op.create_index('ix', 't', [sa.func.lower('email')])\n",
       "op.create_index on the expression sa.func.lower('email'): write it as sa.text('...') (versions/abc.py:6)"},
      {"    op.create_index('ix', 't', 'a')\n", "op.create_index columns must be a list (versions/abc.py:6)"},
      {"    op.create_index(None, 't', ['a'])\n",
       "op.create_index without a name: Alembic would take it from env.py's naming convention (versions/abc.py:6)"},
      {"    op.create_index('ix', 't', ['a'], postgresql_where='a > 0', sqlite_where='a > 1')\n",
       "op.create_index: postgresql_where and sqlite_where differ; strata's where is one predicate for both databases "
       "(versions/abc.py:6)"},
      {"    op.create_unique_constraint(None, 't', ['a'])\n",
       "op.create_unique_constraint without a name: Alembic would take it from env.py's naming convention "
       "(versions/abc.py:6)"},
      {"    op.drop_constraint('uq_t_a', 't')\n",
       "op.drop_constraint('uq_t_a') without type_: strata must know whether it is a foreignkey, unique, check or "
       "primary constraint (versions/abc.py:6)"},
      {"    op.drop_constraint('x', 't', type_='exclude')\n",
       "op.drop_constraint: type_='exclude' is not foreignkey, unique, check or primary (versions/abc.py:6)"},
      {"    op.create_foreign_key('fk', 't', 'u', ['a'], ['id'], deferrable=True)\n",
       "op.create_foreign_key: 'deferrable' has no strata equivalent (versions/abc.py:6)"},
      {"    op.create_foreign_key('fk', 't', 'u', ['a'], ['id'], ondelete='EXPLODE')\n",
       "ondelete 'EXPLODE' is not CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION (versions/abc.py:6)"},
      {"    op.alter_column('t', 'c', type_=sa.Integer(), postgresql_using='c::integer')\n",
       "op.alter_column: keyword 'postgresql_using' has no strata equivalent (versions/abc.py:6)"},
      {"    op.execute('UPDATE t SET a = :value')\n",
       "SQL text with the bind parameter ':value': strata runs SQL as written, without parameters (versions/abc.py:6)"},
      {"    op.execute(sa.text('UPDATE t SET a = :v').bindparams(v=1))\n",
       "op.execute: argument is not a literal: sa.text('UPDATE t SET a = :v').bindparams(v=1) (versions/abc.py:6)"},
      {"    op.execute(users.update().values(a=1))\n",
       "op.execute: argument is not a literal: users.update().values(a=1) (versions/abc.py:6)"},
      {"    op.create_table('t', sa.Column('id', sa.Integer), mysql_engine='InnoDB')\n",
       "op.create_table: keyword 'mysql_engine' has no strata equivalent (versions/abc.py:6)"},
      {"    op.create_table('t', sa.Column('id', sa.Integer), sqlite_autoincrement=True)\n",
       "op.create_table: keyword 'sqlite_autoincrement' has no strata equivalent (versions/abc.py:6)"},
      {"    op.create_table('t')\n", "op.create_table('t') without columns (versions/abc.py:6)"},
      {"    op.create_table('t', sa.Column('a', sa.Integer, primary_key=True), sa.Column('b', sa.Integer),\n"
       "                    sa.PrimaryKeyConstraint('b'))\n",
       "sa.PrimaryKeyConstraint(b) and primary_key=True on a disagree (versions/abc.py:7)"},
      {"    op.create_table('t', sa.Column('a', sa.Integer), sa.PrimaryKeyConstraint('z'))\n",
       "sa.PrimaryKeyConstraint names a column the table does not have: z (versions/abc.py:6)"},
      {"    op.create_table('t', sa.Column('a', sa.Integer), sa.Table('x'))\n",
       "op.create_table('t'): sa.Table('x') is not a column or constraint strata can translate (versions/abc.py:6)"},
  };
  for (const auto& [body, reason] : cases) CHECK(reason_of(body) == reason);
}

TEST_CASE("alembic ops: untranslated columns and defaults") {
  const std::pair<const char*, const char*> cases[] = {
      {"    op.add_column('t', sa.Column('id', sa.Integer, sa.Identity(always=True)))\n",
       "sa.Column('id'): sa.Identity(always=True) has no strata equivalent (versions/abc.py:6)"},
      {"    op.add_column('t', sa.Column('n', sa.Integer, sa.Computed('a + b'), sa.Computed('a')))\n",
       "sa.Column('n'): sa.Computed('a') has no strata equivalent (versions/abc.py:6)"},
      {"    op.add_column('t', sa.Column('n', sa.Integer, sa.Computed(persisted=True)))\n",
       "sa.Computed without its expression (versions/abc.py:6)"},
      {"    op.add_column('t', sa.Column('n', sa.Integer, sa.Computed(sql)))\n",
       "sa.Computed sqltext: argument is not a literal: sql (versions/abc.py:6)"},
      {"    op.add_column('t', sa.Column('user_id', sa.ForeignKey('users.id')))\n",
       "sa.Column('user_id') without a type (SQLAlchemy takes the referred column's type, which strata does not know) "
       "(versions/abc.py:6)"},
      {"    op.add_column('t', sa.Column(sa.Integer))\n", "sa.Column without a name (versions/abc.py:6)"},
      {"    op.add_column('t', sa.Column('a', sa.Integer, sa.ForeignKey('x.id'), sa.ForeignKey('y.id')))\n",
       "sa.Column('a') with a second sa.ForeignKey outside create_table (versions/abc.py:6)"},
      {"    op.add_column('t', sa.Column('a', sa.Integer, sa.ForeignKey('x.id', deferrable=True)))\n",
       "sa.ForeignKey: 'deferrable' has no strata equivalent (versions/abc.py:6)"},
      {"    op.add_column('t', sa.Column('a', sa.Integer, sa.ForeignKey('id')))\n",
       "sa.ForeignKey: the reference 'id' is not TABLE.COLUMN or SCHEMA.TABLE.COLUMN (versions/abc.py:6)"},
      {"    op.add_column('t', sa.Column('a', sa.Integer, primary_key=True, nullable=True))\n",
       "sa.Column('a'): a nullable primary key has no strata equivalent (versions/abc.py:6)"},
      {"    op.add_column('t', sa.Column('a', sa.Integer, autoincrement='ignore_fk'))\n",
       "sa.Column('a'): autoincrement='ignore_fk' has no strata equivalent (versions/abc.py:6)"},
      {"    op.add_column('t', sa.Column('a', sa.Boolean, server_default=sa.true()))\n",
       "server_default sa.true() is 1/0 on SQLite and true/false on PostgreSQL; write the default in the YAML "
       "(versions/abc.py:6)"},
      {"    op.add_column('t', sa.Column('a', sa.Integer, server_default=0))\n",
       "server_default 0 is not a string, sa.text() or sa.func call strata can translate (versions/abc.py:6)"},
      {"    op.add_column('t', sa.Column('a', sa.Integer, server_default=sa.func.now(tz='utc')))\n",
       "server_default sa.func.now(tz='utc'): keyword arguments (versions/abc.py:6)"},
      {"    op.add_column('t', sa.Column('a', sa.Integer, sqlite_on_conflict_not_null='FAIL'))\n",
       "sa.Column: keyword 'sqlite_on_conflict_not_null' has no strata equivalent (versions/abc.py:6)"},
      {"    op.add_column('t', 'a')\n", "op.add_column: 'a' is not an sa.Column(...) (versions/abc.py:6)"},
      {"    op.add_column('t', sa.Column('a', app.types.GUID()))\n",
       "type app.types.GUID() is not a type strata can name (versions/abc.py:6)"},
  };
  for (const auto& [body, reason] : cases) CHECK(reason_of(body) == reason);
}

TEST_CASE("alembic ops: untranslated bulk_insert and batch blocks") {
  const std::pair<const char*, const char*> cases[] = {
      {"    op.bulk_insert(accounts, [])\n",
       "op.bulk_insert: the table accounts is not an sa.table('name', sa.column('a'), ...) (versions/abc.py:6)"},
      {"    op.bulk_insert(sa.table('t', sa.column('d')), [{'d': datetime.date(2020, 1, 1)}])\n",
       "op.bulk_insert value datetime.date(2020, 1, 1) is not a string, number, True, False or None "
       "(versions/abc.py:6)"},
      {"    op.bulk_insert(sa.table('t', sa.column('a')), [{'b': 1}])\n",
       "op.bulk_insert: 'b' is not a column of sa.table('t', ...) (versions/abc.py:6)"},
      {"    op.bulk_insert(sa.table('t', sa.column('a')), rows)\n",
       "op.bulk_insert rows rows are not a list of dicts (versions/abc.py:6)"},
      {"    op.bulk_insert(sa.table('t', sa.column('a')), [{'a': 1j}])\n",
       "op.bulk_insert value 1j is not a string, number, True, False or None (versions/abc.py:6)"},
      {"    op.bulk_insert(sa.table('t', sa.column('a')), [{'a': 99999999999999999999}])\n",
       "op.bulk_insert value 99999999999999999999 does not fit in a 64-bit integer (versions/abc.py:6)"},
      {"    with op.batch_alter_table('t', recreate='always') as b:\n        b.drop_column('a')\n",
       "op.batch_alter_table: recreate='always' has no strata equivalent (strata rebuilds a SQLite table when an "
       "operation needs it) (versions/abc.py:6)"},
      {"    with op.batch_alter_table('t', copy_from=some_table) as b:\n        b.drop_column('a')\n",
       "op.batch_alter_table: 'copy_from' has no strata equivalent (versions/abc.py:6)"},
      {"    with op.batch_alter_table('t', table_args=(sa.CheckConstraint('a > 0'),)) as b:\n"
       "        b.drop_column('a')\n",
       "op.batch_alter_table: 'table_args' has no strata equivalent (versions/abc.py:6)"},
      {"    with op.batch_alter_table('t') as b:\n        b.drop_column('a')\n        b.execute('x')\n",
       "batch_op.execute() is not an operation strata can translate (versions/abc.py:8)"},
      {"    with op.batch_alter_table('t') as b:\n        b.add_column(sa.Column('a', sa.Integer), insert_after='id')\n",
       "batch_op.add_column: 'insert_after' has no strata equivalent (new columns go last) (versions/abc.py:7)"},
      {"    with op.batch_alter_table('t') as b:\n        with op.batch_alter_table('u') as c:\n            pass\n",
       "a with block inside a batch_alter_table block (versions/abc.py:7)"},
      {"    with op.batch_alter_table('t') as b:\n        pass\n    b.drop_column('a')\n",
       "b.drop_column() is not an operation strata can translate (versions/abc.py:8)"},
  };
  for (const auto& [body, reason] : cases) CHECK(reason_of(body) == reason);
}

TEST_CASE("alembic ops: one untranslatable statement leaves the whole body untranslated") {
  const auto r = translate(revision(
      "    op.add_column('t', sa.Column('a', sa.Integer()))\n"
      "    op.create_table('u',\n"
      "        sa.Column('id', sa.Integer(), nullable=False),\n"
      "        sa.Column('status', sa.Enum('on', 'off', name='status'), nullable=True),\n"
      "    )\n"));
  CHECK(r.ops.empty());
  CHECK(r.notes.empty());
  REQUIRE(r.untranslated);
  // The line is the type's, inside the multi-line call.
  CHECK(*r.untranslated == "sa.Enum('on', 'off', name='status') is a native type on PostgreSQL (CREATE TYPE) and a "
                           "VARCHAR on SQLite; strata's enum(...) is a VARCHAR with a CHECK on both: write the "
                           "column's type in the YAML (versions/abc.py:9)");
  // downgrade() is translated on its own.
  const auto down = translate(revision("    pass\n") + "def downgrade():\n    op.drop_table('u')\n", "downgrade");
  CHECK(!down.untranslated);
  CHECK(down.ops == std::vector<core::Op>{core::DropTable{"u", ""}});
}

TEST_CASE("alembic ops: sa.Computed is a computed column") {
  const auto ops = ops_of("    op.add_column('t', sa.Column('n', sa.Integer, sa.Computed('a + b', persisted=True)))\n"
                          "    op.add_column('t', sa.Column('m', sa.Integer, sa.Computed(sa.text('a * 2'))))\n");
  REQUIRE(ops.size() == 2);
  CHECK(std::get<core::AddColumn>(ops[0]).column.computed == core::Computed{"a + b", true});
  CHECK(std::get<core::AddColumn>(ops[1]).column.computed == core::Computed{"a * 2", std::nullopt});
  check_yaml_round_trip(ops);
}

}  // namespace alembic_untranslated_test
