#include "core/ops.h"

namespace strata::core {

namespace {
template <class... F> struct Overload : F... { using F::operator()...; };
template <class... F> Overload(F...) -> Overload<F...>;
}  // namespace

const char* op_name(const Op& op) {
  return std::visit(
      Overload{
          [](const CreateTable&) { return "create_table"; },
          [](const DropTable&) { return "drop_table"; },
          [](const RenameTable&) { return "rename_table"; },
          [](const AddColumn&) { return "add_column"; },
          [](const DropColumn&) { return "drop_column"; },
          [](const AlterColumn&) { return "alter_column"; },
          [](const CreateIndex&) { return "create_index"; },
          [](const DropIndex&) { return "drop_index"; },
          [](const CreateUniqueConstraint&) { return "create_unique_constraint"; },
          [](const CreateForeignKey&) { return "create_foreign_key"; },
          [](const CreateCheckConstraint&) { return "create_check_constraint"; },
          [](const ValidateConstraint&) { return "validate_constraint"; },
          [](const CreatePrimaryKey&) { return "create_primary_key"; },
          [](const DropConstraint&) { return "drop_constraint"; },
          [](const CreateTableComment&) { return "create_table_comment"; },
          [](const DropTableComment&) { return "drop_table_comment"; },
          [](const Execute&) { return "execute"; },
          [](const BulkInsert&) { return "bulk_insert"; },
          [](const CreateEnum&) { return "create_enum"; },
          [](const DropEnum&) { return "drop_enum"; },
          [](const AlterEnum&) { return "alter_enum"; },
      },
      op);
}

}  // namespace strata::core
