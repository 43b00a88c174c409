/**
 * Placement: one provider over several that serve the same labels, choosing by a strategy
 * ({@link dev.hearth.vm.placement.PlacedProvider}). See {@code docs/placement.md}.
 */
package dev.hearth.vm.placement;
