#include "drivers/common/library_loader.h"

#include <dlfcn.h>

#include <cstdlib>

namespace strata::drivers::common {

ClientLibrary::ClientLibrary(const ClientLibraryName& name) : name_(name) {
  const char* path = std::getenv(name.path_variable);
  if (path && *path) {
    opened_ = std::string(path) + " from " + name.path_variable;
  } else {
    path = name.soname;
    opened_ = path;
  }
  // RTLD_LAZY, as the dynamic loader opens a linked library (Debian builds
  // libpq, libmariadb and most of their tree with BIND_NOW anyway: no
  // difference measured). A missing dependency still fails here, and the
  // functions we call are all looked up at once by symbol().
  // RTLD_LOCAL: its symbols stay out of the global scope (nothing else needs
  // them; MariaDB's auth plugins do not use them).
  handle_ = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
  if (!handle_) fail(dlerror());
}

void* ClientLibrary::symbol(const char* symbol) {
  if (!handle_) return nullptr;
  dlerror();  // clear any earlier message: dlsym sets one only on failure
  void* address = dlsym(handle_, symbol);
  if (!address) {
    const char* why = dlerror();
    fail(why ? why : std::string("no function ") + symbol);
  }
  return address;
}

void ClientLibrary::fail(const std::string& cause) {
  if (!error_.empty()) return;  // the first cause is the one to fix
  error_ = std::string(name_.database) + " support needs " + name_.library + " (" + opened_ + ", Debian package " +
           name_.package + "): " + cause;
}

}  // namespace strata::drivers::common
