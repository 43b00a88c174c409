/**
 * The warm pool: ready VMs kept per shape in front of any provider ({@link dev.hearth.vm.pool.WarmPool}).
 * See {@code docs/pool.md}.
 */
package dev.hearth.vm.pool;
