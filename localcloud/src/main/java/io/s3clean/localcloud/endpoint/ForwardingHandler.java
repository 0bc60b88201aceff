package io.s3clean.localcloud.endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * A service that an emulator on another loopback port serves (S3Proxy, the DynamoDB engine): the
 * request is passed on as it came, raw path and query included, and the answer back as it went.
 *
 * <p>Apache's blocking HttpClient (the SDK's own transport) carries it: a cold burst of S3 puts
 * through the endpoint cost the cloud less CPU with it than with the JDK's asynchronous
 * {@code java.net.http} client (docs/performance.md).
 */
public final class ForwardingHandler implements ServiceHandler, AutoCloseable {
  /** Headers the forwarding client sets itself, besides those of the connection. */
  private static final Set<String> SET_BY_CLIENT = Set.of("host", "date");

  private final URI target;
  private final CloseableHttpClient client;

  public ForwardingHandler(URI target) {
    this.target = target;
    this.client = HttpClients.custom()
        .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(10_000).build())
        // as many requests in flight as the endpoint's threads may forward
        .setMaxConnPerRoute(64)
        .setMaxConnTotal(64)
        .disableContentCompression()
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAutomaticRetries()
        .disableAuthCaching()
        .build();
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    RequestBuilder forward = RequestBuilder.create(request.method())
        .setUri(URI.create(target + request.path() + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery())));
    if (request.body().length > 0) {
      forward.setEntity(new ByteArrayEntity(request.body()));
    }
    request.headers().forEach((name, values) -> {
      if (!AwsRequest.isConnectionHeader(name) && !SET_BY_CLIENT.contains(name)) {
        values.forEach(value -> forward.addHeader(name, value));
      }
    });
    try (CloseableHttpResponse response = client.execute(forward.build())) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (Header header : response.getAllHeaders()) {
        headers.computeIfAbsent(header.getName(), name -> new java.util.ArrayList<>()).add(header.getValue());
      }
      HttpEntity entity = response.getEntity();
      byte[] body = entity == null ? new byte[0] : EntityUtils.toByteArray(entity);
      return new AwsResponse(response.getStatusLine().getStatusCode(), headers, body);
    } catch (IOException e) {
      throw new UncheckedIOException("forwarding to " + target + " failed", e);
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
