/**
 * What a provider can do on this host: every provider offers a quick probe returning a {@link
 * dev.hearth.vm.probe.HostSupport} (works or not and why, and which {@link dev.hearth.vm.probe.Guard}s
 * it enforces here). The CLI's provider table and {@code auto} read them; cache them per process with
 * {@link dev.hearth.vm.probe.HostSupport#cached}.
 */
package dev.hearth.vm.probe;
