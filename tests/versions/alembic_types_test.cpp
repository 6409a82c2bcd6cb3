// SQLAlchemy types as strata types: portable where SQLAlchemy's DDL and
// strata's agree on SQLite and PostgreSQL, the database's spelling for
// dialect types, refused (with the reason) where no strata type matches.
#include "core/column_type.h"
#include "tests/versions/alembic_test_support.h"

// Its own namespace: the unity build compiles several test files as one.
namespace alembic_types_test {

using namespace alembic_test;

namespace {

// The type, and that strata's own parser takes it (a YAML file will hold it).
std::string checked(const std::string& expr) {
  const std::string type = type_of(expr);
  INFO(expr << " -> " << type);
  if (type[0] != '!') CHECK_NOTHROW(core::parse_column_type(type));
  return type;
}

}  // namespace

TEST_CASE("alembic ops: generic types, called or bare") {
  const std::pair<const char*, const char*> cases[] = {
      {"sa.Integer", "integer"},
      {"sa.Integer()", "integer"},
      {"sa.INTEGER()", "integer"},
      {"sa.INT", "integer"},
      {"sa.BigInteger()", "biginteger"},
      {"sa.BIGINT()", "biginteger"},
      {"sa.SmallInteger()", "smallinteger"},
      {"sa.SMALLINT", "smallinteger"},
      {"sa.String(length=255)", "string(255)"},
      {"sa.String(255)", "string(255)"},
      {"sa.String()", "string"},
      {"sa.String", "string"},
      {"sa.VARCHAR(length=20)", "string(20)"},
      {"sa.Unicode(100)", "string(100)"},
      {"sa.String(20, collation=None)", "string(20)"},
      {"sa.Text()", "text"},
      {"sa.TEXT", "text"},
      {"sa.UnicodeText()", "text"},
      {"sa.Text(1000)", "text(1000)"},
      {"sa.CHAR(3)", "char(3)"},
      {"sa.NCHAR(2)", "nchar(2)"},
      {"sa.NVARCHAR(9)", "nvarchar(9)"},
      {"sa.CLOB()", "clob"},
      {"sa.BLOB()", "blob"},
      {"sa.BINARY(16)", "binary(16)"},
      {"sa.VARBINARY(16)", "varbinary(16)"},
      {"sa.Boolean()", "boolean"},
      {"sa.BOOLEAN", "boolean"},
      {"sa.Boolean(create_constraint=False, name='b')", "boolean"},
      {"sa.DateTime()", "datetime"},
      {"sa.DateTime(timezone=False)", "datetime"},
      {"sa.DateTime(timezone=True)", "datetime(timezone=true)"},
      {"sa.DateTime(True)", "datetime(timezone=true)"},
      {"sa.DATETIME()", "datetime"},
      {"sa.TIMESTAMP()", "timestamp"},
      {"sa.Date()", "date"},
      {"sa.DATE", "date"},
      {"sa.Time()", "time"},
      {"sa.TIME(timezone=False)", "time"},
      {"sa.Numeric(precision=10, scale=2)", "numeric(10,2)"},
      {"sa.Numeric(10, 2)", "numeric(10,2)"},
      {"sa.Numeric(10)", "numeric(10)"},
      {"sa.Numeric()", "numeric"},
      {"sa.Numeric(scale=2)", "numeric"},  // SQLAlchemy renders no scale without a precision
      {"sa.NUMERIC(precision=12, scale=0, asdecimal=False)", "numeric(12,0)"},
      {"sa.DECIMAL(8, 3)", "decimal(8,3)"},
      {"sa.Float()", "float"},
      {"sa.Float(asdecimal=True)", "float"},
      {"sa.FLOAT", "float"},
      {"sa.REAL()", "real"},
      {"sa.JSON()", "json"},
      {"sa.JSON(none_as_null=True)", "json"},
      {"sa.Uuid()", "uuid"},
      {"sa.Uuid(as_uuid=False)", "uuid"},
      {"sa.UUID()", "uuid"},
      {"sa.LargeBinary()", "binary"},
      {"sa.LargeBinary(length=64)", "binary"},  // BYTEA and BLOB whatever the length
      {"sa.ARRAY(sa.Integer())", "integer[]"},
      {"sa.types.Integer()", "integer"},
      {"sa.sql.sqltypes.String(5)", "string(5)"},
  };
  for (const auto& [expr, expected] : cases) CHECK(checked(expr) == expected);
}

TEST_CASE("alembic ops: sa.Enum: only the non-native kind has a strata type") {
  CHECK(checked("sa.Enum('a', 'bb', native_enum=False)") == "string(2)");
  CHECK(checked("sa.Enum('a', 'bb', native_enum=False, length=10)") == "string(10)");
  CHECK(checked("sa.Enum('é', 'ab', native_enum=False)") == "string(2)");  // SQLAlchemy counts characters
  CHECK(checked("sa.Enum('a', 'bb', native_enum=False, create_constraint=True)") == "enum(a,bb)");
  CHECK(checked("sa.Enum('a b', \"it's\", 'x,y', native_enum=False, create_constraint=True, validate_strings=True)") ==
        "enum('a b','it''s','x,y')");
  CHECK(core::parse_column_type("enum('a b','it''s','x,y')").enum_values ==
        std::vector<std::string>{"a b", "it's", "x,y"});
  CHECK(checked("sa.Enum('a', 'b', name='e')") ==
        "!sa.Enum('a', 'b', name='e') is a native type on PostgreSQL (CREATE TYPE) and a VARCHAR on SQLite; strata's "
        "enum(...) is a VARCHAR with a CHECK on both: write the column's type in the YAML");
  CHECK(checked("sa.Enum('a', native_enum=False, create_constraint=True, length=5)") ==
        "!sa.Enum: strata's enum(...) is exactly as long as its longest value in bytes");
  CHECK(checked("sa.Enum('abc', native_enum=False, length=2)") == "!sa.Enum: length is shorter than the longest value");
  CHECK(checked("sa.Enum(Status, native_enum=False)") == "!sa.Enum value: argument is not a literal: Status");
  CHECK(checked("postgresql.ENUM('a', 'b', name='mood', create_type=False)") == "mood");
  CHECK(checked("postgresql.ENUM('a', name='mood', schema='app', create_type=False)") == "app.mood");
  CHECK(checked("postgresql.ENUM('a', name='mood')").rfind("!postgresql.ENUM('a', name='mood') creates its type", 0) == 0);
}

TEST_CASE("alembic ops: PostgreSQL types") {
  const std::pair<const char*, const char*> cases[] = {
      {"postgresql.JSONB(astext_type=sa.Text())", "jsonb"},
      {"postgresql.JSONB(astext_type=Text())", "jsonb"},  // as autogenerate writes it, Text never imported
      {"postgresql.JSONB", "jsonb"},
      {"postgresql.JSON()", "json"},
      {"postgresql.INET()", "inet"},
      {"postgresql.CIDR()", "cidr"},
      {"postgresql.MACADDR()", "macaddr"},
      {"postgresql.MONEY()", "money"},
      {"postgresql.TSVECTOR()", "tsvector"},
      {"postgresql.HSTORE(text_type=sa.Text())", "hstore"},
      {"postgresql.INT4RANGE()", "int4range"},
      {"postgresql.CITEXT()", "citext"},
      {"postgresql.ARRAY(sa.String())", "varchar[]"},
      {"postgresql.ARRAY(String())", "varchar[]"},
      {"postgresql.ARRAY(sa.String(20), dimensions=2)", "varchar(20)[][]"},
      {"postgresql.ARRAY(sa.DateTime(timezone=True))", "timestamp with time zone[]"},
      {"postgresql.ARRAY(postgresql.INET)", "inet[]"},
      {"postgresql.TIMESTAMP(timezone=True)", "datetime(timezone=true)"},
      {"postgresql.TIMESTAMP()", "datetime"},
      {"postgresql.TIMESTAMP(precision=3)", "timestamp(3) without time zone"},
      {"postgresql.TIMESTAMP(timezone=True, precision=6)", "timestamp(6) with time zone"},
      {"postgresql.TIME()", "time"},
      {"postgresql.TIME(timezone=True)", "time with time zone"},
      {"postgresql.INTERVAL()", "interval"},
      {"postgresql.INTERVAL(fields='DAY TO SECOND', precision=3)", "interval day to second(3)"},
      {"postgresql.DOUBLE_PRECISION()", "double precision"},
      {"postgresql.DOUBLE_PRECISION(precision=53)", "double precision"},
      {"postgresql.BYTEA", "bytea"},
      {"postgresql.BYTEA(length=10)", "bytea"},
      {"postgresql.BIT(3)", "bit(3)"},
      {"postgresql.BIT(varying=True)", "bit varying"},
      {"postgresql.UUID(as_uuid=True)", "uuid"},
      {"postgresql.UUID()", "uuid"},
      {"postgresql.INTEGER()", "integer"},  // a generic type the dialect re-exports
      {"postgresql.VARCHAR(length=40)", "string(40)"},
      {"postgresql.REAL()", "real"},
  };
  for (const auto& [expr, expected] : cases) CHECK(checked(expr) == expected);
  CHECK(type_of("JSONB()", "from sqlalchemy.dialects.postgresql import JSONB\n") == "jsonb");
  CHECK(type_of("pg.INET", "from sqlalchemy.dialects import postgresql as pg\n") == "inet");
  CHECK(type_of("sqlalchemy.dialects.postgresql.json.JSONB()", "import sqlalchemy.dialects.postgresql\n") == "jsonb");
}

TEST_CASE("alembic ops: MySQL and SQLite types") {
  const std::pair<const char*, const char*> cases[] = {
      {"mysql.VARCHAR(length=20)", "string(20)"},
      {"mysql.TINYINT(display_width=1)", "tinyint(1)"},
      {"mysql.TINYINT()", "tinyint"},
      {"mysql.INTEGER(display_width=11)", "integer(11)"},
      {"mysql.INTEGER()", "integer"},
      {"mysql.BIGINT(unsigned=True)", "bigint unsigned"},
      {"mysql.INTEGER(display_width=10, unsigned=True, zerofill=True)", "integer(10) unsigned zerofill"},
      {"mysql.SMALLINT()", "smallinteger"},
      {"mysql.MEDIUMINT()", "mediumint"},
      {"mysql.DECIMAL(precision=10, scale=2)", "decimal(10,2)"},
      {"mysql.NUMERIC(10, 2)", "numeric(10,2)"},
      {"mysql.DOUBLE(asdecimal=True)", "double"},
      {"mysql.FLOAT()", "float"},
      {"mysql.CHAR(length=2)", "char(2)"},
      {"mysql.TEXT()", "text"},
      {"mysql.LONGTEXT()", "longtext"},
      {"mysql.MEDIUMBLOB()", "mediumblob"},
      {"mysql.DATETIME(fsp=6)", "!mysql.DATETIME(fsp=...): strata reads datetime(...) as its portable type, which "
                                "has no fractional seconds"},
      {"mysql.DATETIME()", "datetime"},
      {"mysql.TIMESTAMP(fsp=3)", "timestamp(3)"},
      {"mysql.YEAR()", "year"},
      {"mysql.BIT(1)", "bit(1)"},
      {"mysql.JSON()", "json"},
      {"mysql.BOOLEAN()", "boolean"},
      {"sqlite.DATETIME()", "datetime"},
      {"sqlite.DATETIME(storage_format='%(year)04d')", "datetime"},
      {"sqlite.DATE()", "date"},
      {"sqlite.JSON()", "json"},
      {"sqlite.INTEGER()", "integer"},
  };
  for (const auto& [expr, expected] : cases) CHECK(checked(expr) == expected);
  CHECK(checked("mysql.VARCHAR(length=20, charset='utf8mb4')") ==
        "!mysql.VARCHAR: keyword 'charset' has no strata equivalent");
  CHECK(checked("mysql.ENUM('a', 'b')") == "!type mysql.ENUM('a', 'b') is not a type strata can name");
}

TEST_CASE("alembic ops: types strata cannot name, and why") {
  const std::pair<const char*, const char*> cases[] = {
      {"sa.Interval()", "!type sa.Interval() is not a type strata can name"},
      {"sa.PickleType()", "!type sa.PickleType() is not a type strata can name"},
      {"app.types.GUID()", "!type app.types.GUID() is not a type strata can name"},
      {"GUID()", "!type GUID() is not a type strata can name"},
      {"sa.Time(timezone=True)", "!sa.Time(timezone=True) is TIME WITH TIME ZONE on PostgreSQL and TIME on SQLite: no "
                                 "strata type is both; write the column's type in the YAML"},
      {"sa.TIMESTAMP(timezone=True)", "!sa.TIMESTAMP(timezone=True) is TIMESTAMP WITH TIME ZONE on PostgreSQL and "
                                      "TIMESTAMP on SQLite: no strata type is both; write the column's type in the YAML"},
      {"sa.Float(precision=53)", "!sa.Float(precision=...) is FLOAT(p) on PostgreSQL and FLOAT on SQLite: no strata "
                                 "type is both; write the column's type in the YAML (float, real or double precision)"},
      {"sa.Boolean(create_constraint=True)",
       "!sa.Boolean(create_constraint=True) adds a CHECK strata's boolean does not have"},
      {"sa.String(20, collation='C')", "!sa.String: 'collation' has no strata equivalent"},
      {"sa.Uuid(native_uuid=False)",
       "!sa.Uuid(native_uuid=False) is CHAR(32) on PostgreSQL too: write the column's type in the YAML"},
      {"sa.String(length=n)", "!sa.String length: argument is not a literal: n"},
      {"sa.String('20')", "!sa.String length must be a positive integer, not '20'"},
      {"sa.String(0)", "!sa.String length must be a positive integer, not 0"},
      {"sa.Numeric(5, 6)", "!sa.Numeric: the scale is larger than the precision"},
      {"sa.String(1, 2, 3)", "!sa.String: too many positional arguments (3)"},
      {"sa.Integer(unsigned=True)", "!sa.Integer: keyword 'unsigned' has no strata equivalent"},
      {"sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')",
       "!sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'): a type per database has no strata equivalent; write "
       "the column's type in the YAML"},
      {"sa.ARRAY(sa.Enum('a', native_enum=False, create_constraint=True))",
       "!an ARRAY of enum(a): strata's enum is a VARCHAR with a CHECK, not an item type"},
      {"'integer'", "!type 'integer' is not a type strata can name"},
  };
  for (const auto& [expr, expected] : cases) CHECK(checked(expr) == expected);
}

}  // namespace alembic_types_test
