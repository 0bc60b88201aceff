package io.s3clean.dynamodb.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HttpServersTest {
  @Test
  void theServersOfThisJvmRunWithNaglesAlgorithmOff() throws Exception {
    HttpServer server =
        HttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try {
      // What the JDK's server itself uses, read once for the JVM when its first server was made:
      // false here if any server of this test JVM was made before HttpServers set the property.
      Method noDelay =
          Class.forName("sun.net.httpserver.ServerConfig").getDeclaredMethod("noDelay");
      noDelay.setAccessible(true);
      assertThat((boolean) noDelay.invoke(null)).isTrue();
    } finally {
      server.stop(0);
    }
  }
}
