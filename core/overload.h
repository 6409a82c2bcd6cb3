// Overload{f, g, ...}: one visitor for std::visit out of several lambdas.
#pragma once

namespace strata::core {

template <class... F>
struct Overload : F... {
  using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

}  // namespace strata::core
