package dev.hearth.vm.placement;

import dev.hearth.vm.VmProvider;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One provider instance (or pool) a {@link PlacedProvider} may place VMs on.
 *
 * @param name names the member in logs and errors ({@code host-a}, {@code microvm-pool})
 * @param provider makes the VMs; the {@link PlacedProvider} owns it and closes it
 * @param labels the {@code runs-on} labels it serves: a spec goes only to members that have all of
 *     its labels (as GitHub matches runners); empty means every label the provider itself accepts
 */
public record Member(String name, VmProvider provider, Set<String> labels) {
  public Member {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provider, "provider");
    labels = Set.copyOf(labels);
  }

  /** A member that serves any labels its provider accepts. */
  public static Member of(String name, VmProvider provider) {
    return new Member(name, provider, Set.of());
  }

  boolean serves(List<String> wanted) {
    return labels.isEmpty() || labels.containsAll(wanted);
  }

  @Override
  public String toString() {
    return name + (labels.isEmpty() ? "" : " " + labels.stream().sorted().toList());
  }
}
