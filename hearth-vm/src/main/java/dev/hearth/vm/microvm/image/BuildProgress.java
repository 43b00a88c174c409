package dev.hearth.vm.microvm.image;

/** Hears what an image build is doing, one line per step; called from the building thread. */
public interface BuildProgress {
  /** Hears nothing. */
  BuildProgress NONE = line -> {};

  void step(String line);
}
