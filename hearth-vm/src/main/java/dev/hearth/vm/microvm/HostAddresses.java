package dev.hearth.vm.microvm;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The host's own IPv4 addresses (other than loopback), which a guest must not reach. */
final class HostAddresses {
  private HostAddresses() {}

  static List<String> ipv4() {
    List<String> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp()) continue;
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLoopbackAddress()) addresses.add(address.getHostAddress());
        }
      }
    } catch (SocketException e) {
      // no interfaces to read: nothing more to block than 10.0.2.2
    }
    return addresses;
  }
}
