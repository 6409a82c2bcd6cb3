#include "drivers/mysql/scratch.h"

#include "drivers/common/server_scratch.h"
#include "drivers/mysql/session.h"

namespace strata::drivers::mysql {

std::unique_ptr<ScratchDatabase> open_scratch(const core::DatabaseUrl& url) {
  return std::make_unique<common::ServerScratch>(
      url, common::ServerScratchSpec{
               [](const core::DatabaseUrl& u) { return std::make_unique<MysqlSession>(u); },
               [](const std::string& name) { return "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4"; },
               [](const std::string& name) { return "DROP DATABASE IF EXISTS `" + name + "`"; },
               "the CREATE privilege"});
}

}  // namespace strata::drivers::mysql
