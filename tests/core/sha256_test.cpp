// SHA-256 against FIPS 180-4's examples and against coreutils' sha256sum on
// every length around the padding boundaries, fed whole and in pieces; the
// revision checksum's normalisation of line endings and the BOM.
#include <doctest/doctest.h>

#include <cstdio>
#include <random>

#include "core/sha256.h"

// Its own namespace: the unity build compiles several test files as one.
namespace sha256_test {

using strata::core::revision_checksum;
using strata::core::Sha256;
using strata::core::sha256_hex;

namespace {

std::string coreutils_sha256(const std::string& data) {
  char name[] = "/tmp/strata_sha256_XXXXXX";
  int fd = mkstemp(name);
  REQUIRE(fd >= 0);
  FILE* f = fdopen(fd, "wb");
  fwrite(data.data(), 1, data.size(), f);
  fclose(f);
  std::string cmd = std::string("sha256sum ") + name;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char out[65] = {0};
  REQUIRE(fread(out, 1, 64, p) == 64);
  pclose(p);
  std::remove(name);
  return out;
}

}  // namespace

TEST_CASE("sha256: the FIPS 180-4 examples") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256 million;
  for (int i = 0; i < 1000; ++i) million.update(std::string(1000, 'a'));
  CHECK(million.hex_digest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: every length from 0 to 200, whole and in pieces, as sha256sum") {
  std::mt19937 rng(20261203);
  std::string lengths_failed;
  for (size_t n = 0; n <= 200; ++n) {
    std::string data(n, '\0');
    for (auto& c : data) c = static_cast<char>(rng());
    const std::string expected = coreutils_sha256(data);
    Sha256 pieces;
    for (size_t i = 0; i < n;) {
      size_t take = std::min<size_t>(n - i, 1 + rng() % 70);
      pieces.update(std::string_view(data).substr(i, take));
      i += take;
    }
    if (sha256_hex(data) != expected || pieces.hex_digest() != expected) lengths_failed += std::to_string(n) + " ";
  }
  CHECK(lengths_failed == "");
}

TEST_CASE("sha256: the portable code and the CPU's SHA instructions agree") {
  // On a CPU without them both runs below are the portable code; the test
  // still checks the switch back and forth.
  const std::string in_use = strata::core::sha256_uses_cpu_instructions() ? "yes" : "no";
  MESSAGE("SHA instructions in use: " << in_use);
  std::mt19937 rng(7);
  std::string lengths_failed;
  for (size_t n = 0; n <= 1100; n += 1 + rng() % 13) {
    std::string data(n, '\0');
    for (auto& c : data) c = static_cast<char>(rng());
    strata::core::sha256_force_portable(true);
    CHECK_FALSE(strata::core::sha256_uses_cpu_instructions());
    const std::string portable = sha256_hex(data);
    strata::core::sha256_force_portable(false);
    if (sha256_hex(data) != portable) lengths_failed += std::to_string(n) + " ";
  }
  CHECK(lengths_failed == "");
  // The FIPS examples, the portable way too.
  strata::core::sha256_force_portable(true);
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  strata::core::sha256_force_portable(false);
}

TEST_CASE("revision checksum: CRLF, CR and a BOM do not change it; anything else does") {
  const std::string lf = "revision: a1\ndown_revision: null\nupgrade: []\n";
  CHECK(revision_checksum(lf) == sha256_hex(lf));
  CHECK(revision_checksum("revision: a1\r\ndown_revision: null\r\nupgrade: []\r\n") == revision_checksum(lf));
  CHECK(revision_checksum("revision: a1\rdown_revision: null\rupgrade: []\r") == revision_checksum(lf));
  CHECK(revision_checksum("\xEF\xBB\xBF" + lf) == revision_checksum(lf));
  CHECK(revision_checksum("revision: a1\r\n\r\ndown_revision: null\nupgrade: []\n") ==
        revision_checksum("revision: a1\n\ndown_revision: null\nupgrade: []\n"));
  CHECK(revision_checksum(lf + " ") != revision_checksum(lf));
  CHECK(revision_checksum("revision: a2\ndown_revision: null\nupgrade: []\n") != revision_checksum(lf));
  CHECK(revision_checksum(lf + "\n") != revision_checksum(lf));
}

}  // namespace sha256_test
