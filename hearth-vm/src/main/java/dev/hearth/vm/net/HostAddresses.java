package dev.hearth.vm.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The host's own IPv4 addresses other than loopback: what an isolated guest under the {@code
 * OUTBOUND} policy must not reach (each provider fences them its own way: black-hole routes, a
 * loopback alias, reject routes in the guest). Interfaces that are down count too, since they may
 * come up while a VM lives.
 */
public final class HostAddresses {
  private HostAddresses() {}

  /** The addresses now, as dotted quads; empty when the host's interfaces cannot be read. */
  public static List<String> ipv4() {
    List<String> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLoopbackAddress()) addresses.add(address.getHostAddress());
        }
      }
    } catch (SocketException e) {
      // no interfaces to read: nothing to fence off beyond loopback and the provider's own aliases
    }
    return addresses;
  }
}
