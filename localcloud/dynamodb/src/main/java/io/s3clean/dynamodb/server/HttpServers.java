package io.s3clean.dynamodb.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The one way the embedded cloud's servers (the DynamoDB engine, the AWS endpoint, the HTTP APIs)
 * make the JDK's HTTP server: with Nagle's algorithm off.
 *
 * <p>The JDK's server writes a response's headers and its body in two segments. With Nagle's
 * algorithm on, the body waits for the client's delayed ACK of the headers: 40 ms on Linux, on
 * every response with a body. The server reads {@code sun.net.httpserver.nodelay} once, when its
 * configuration class loads, so it is set before the first server of the process is made; a value
 * given on the command line is left as it is.
 */
public final class HttpServers {
  static {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private HttpServers() {}

  /** A server bound to {@code address} (not yet started), as {@link HttpServer#create} makes it. */
  public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
    return HttpServer.create(address, backlog);
  }
}
