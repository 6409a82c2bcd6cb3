// The doctest runner for every unit test (tests/core, tests/versions, tests/drivers).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
