package io.s3clean.engines.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Collections;
import java.util.Optional;

/** Proves an emulator cannot be reached from the network: its port refuses this host's own IP. */
public final class LoopbackOnly {
  private LoopbackOnly() {}

  public static void assertListensOnLoopbackOnly(URI endpoint) {
    assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
    assertThat(endpoint.getPort()).isPositive();
    Optional<InetAddress> outward = nonLoopbackAddress();
    assumeThat(outward).as("a non-loopback IPv4 address to probe").isPresent();
    InetSocketAddress sameHostFromOutside =
        new InetSocketAddress(outward.get(), endpoint.getPort());
    try (Socket socket = new Socket()) {
      assertThatExceptionOfType(ConnectException.class)
          .as("connecting to %s", sameHostFromOutside)
          .isThrownBy(() -> socket.connect(sameHostFromOutside, 1_000));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nic.isUp() && !nic.isLoopback()) {
          for (InetAddress address : Collections.list(nic.getInetAddresses())) {
            if (address instanceof Inet4Address) {
              return Optional.of(address);
            }
          }
        }
      }
      return Optional.empty();
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }
}
