package io.s3clean.localcloud.endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * A service that an emulator on another loopback port serves (S3Proxy, ElasticMQ, the DynamoDB
 * engine): the request is passed on as it came, and the answer back as it went.
 */
public final class ForwardingHandler implements ServiceHandler {
  /** Headers the JDK client sets itself, or may not set. */
  private static final Set<String> HOP_BY_HOP =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding", "keep-alive", "date",
          "from", "origin", "referer", "via", "warning");

  private final URI target;
  private final HttpClient client;

  public ForwardingHandler(URI target) {
    this.target = target;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    URI uri = URI.create(target.toString() + request.path() + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery()));
    HttpRequest.Builder forward = HttpRequest.newBuilder(uri)
        .method(request.method(), request.body().length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> forward.header(name, value));
      }
    });
    try {
      HttpResponse<byte[]> response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new AwsResponse(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("forwarding to " + target + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while forwarding to " + target, e);
    }
  }
}
