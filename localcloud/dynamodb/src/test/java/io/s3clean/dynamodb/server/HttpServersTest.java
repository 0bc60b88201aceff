package io.s3clean.dynamodb.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HttpServersTest {
  @Test
  void aServerMadeHereHasNaglesAlgorithmOff() throws Exception {
    HttpServer server = HttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try {
      // The JDK's server reads this when its configuration loads, at the first server of the JVM.
      assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
      assertThat(server.getAddress().getPort()).isPositive();
    } finally {
      server.stop(0);
    }
  }
}
