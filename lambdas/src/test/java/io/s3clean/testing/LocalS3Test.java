package io.s3clean.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

class LocalS3Test {
  private static LocalS3 s3;

  @BeforeAll
  static void start() {
    s3 = LocalS3.start();
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  @Test
  void storesAndReturnsObjectsThroughARealS3Endpoint() {
    // given
    s3.createBucket("round-trip");

    // when
    s3.client()
        .putObject(p -> p.bucket("round-trip").key("a b/é.txt"), RequestBody.fromString("hello"));
    String body =
        s3.client().getObjectAsBytes(g -> g.bucket("round-trip").key("a b/é.txt")).asUtf8String();

    // then
    assertThat(body).isEqualTo("hello");
  }

  @Test
  void listensOnLoopbackOnly() throws IOException {
    // given
    assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(s3.endpoint().getPort()).isPositive();
    Optional<InetAddress> outward = nonLoopbackAddress();
    assumeThat(outward).as("a non-loopback IPv4 address to probe").isPresent();

    // when / then
    try (Socket socket = new Socket()) {
      assertThatExceptionOfType(ConnectException.class)
          .isThrownBy(
              () ->
                  socket.connect(
                      new InetSocketAddress(outward.get(), s3.endpoint().getPort()), 1_000));
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
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
  }
}
