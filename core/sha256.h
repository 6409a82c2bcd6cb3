// SHA-256 (FIPS 180-4), for the checksums of revision files kept in the
// revision log (SPEC §10.5). Written here rather than taken from OpenSSL:
// core/ uses the standard library only, the algorithm is short and fixed,
// and commands that never connect should not load libcrypto for it. On
// x86-64 CPUs with the SHA extensions the blocks are compressed with them
// (compiler intrinsics, chosen at run time): hashing every file of a
// 1,000-revision upgrade was a tenth of its instructions.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace strata::core {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  /// The digest as 64 lowercase hex digits; the object is spent afterwards.
  std::string hex_digest();

 private:
  /// Compresses COUNT consecutive 64-byte blocks into h_.
  void blocks(const unsigned char* p, size_t count);

  std::array<uint32_t, 8> h_;
  unsigned char buffer_[64];
  size_t buffered_ = 0;
  uint64_t length_ = 0;  ///< bytes hashed so far
};

/// SHA-256 of DATA in hex.
std::string sha256_hex(std::string_view data);

/// True when blocks are compressed with the CPU's SHA instructions (x86-64
/// SHA extensions, found at run time) rather than the portable code.
bool sha256_uses_cpu_instructions();
/// For the tests: compress with the portable code even when the CPU has the
/// instructions (false: back to what the CPU offers).
void sha256_force_portable(bool portable);

/// The checksum of a revision file's content, as the revision log keeps it:
/// SHA-256 of the text with a leading UTF-8 byte-order mark removed and
/// every CRLF (and lone CR) made LF, so a checkout on Windows, or an editor
/// that adds a BOM, does not make an applied revision look edited.
std::string revision_checksum(std::string_view content);

}  // namespace strata::core
