package io.s3clean.localcloud.endpoint;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A service whose implementation is a servlet (S3Proxy's S3 handler), called in the endpoint's own
 * thread: no second HTTP hop to another port, no second server parsing the request again.
 * Forwarding each S3 request to S3Proxy's Jetty cost a cold burst about a third of the cloud's CPU
 * (docs/performance.md).
 *
 * <p>The servlet sees the request as a servlet container would show it: the raw path as the request
 * URI, the decoded query as its parameters, every header but those of one connection, and the body
 * as its input stream. Its answer is buffered whole, as {@link AwsResponse} wants it, and counts as
 * committed, as a container's would, once it is flushed or passes a container's usual buffer size.
 * What a servlet container does beyond that (sessions, dispatch, asynchronous I/O) is not offered:
 * such a call throws {@link UnsupportedOperationException} naming the method (S3Proxy answers that
 * itself with a 501; from another servlet it reaches the endpoint, which answers a 500 that names
 * it).
 */
public final class ServletHandler implements ServiceHandler {
  /** Parses the three HTTP date forms' common one, with one- or two-digit days. */
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  /**
   * HTTP's preferred date format (RFC 9110 IMF-fixdate): always two-digit days, as Jetty writes it.
   */
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  /**
   * Jetty's default output buffer: a larger answer has begun to leave, and can no longer become an
   * error.
   */
  private static final int COMMIT_SIZE = 32 * 1024;

  /**
   * Headers of the connection or of the message's framing, which a container does not show as the
   * request's.
   */
  private static final Set<String> CONNECTION_HEADERS =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "te",
          "trailer",
          "proxy-connection");

  private final HttpServlet servlet;
  private final URI front;

  /**
   * @param front the address the servlet is told it is reached at: the endpoint's
   */
  public ServletHandler(HttpServlet servlet, URI front) {
    this.servlet = servlet;
    this.front = front;
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    Response response = new Response();
    try {
      servlet.service(new Request(request), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ServletException e) {
      throw new IllegalStateException("the servlet failed: " + e.getMessage(), e);
    }
    return response.toAwsResponse(request.method().equals("HEAD"));
  }

  /**
   * What the wrappers pass on when they do not answer themselves: a method no container feature
   * here backs.
   */
  private static <T> T unsupported(Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              throw new UnsupportedOperationException(
                  "the embedded cloud's in-process "
                      + type.getSimpleName()
                      + " does not support "
                      + method.getName());
            }));
  }

  private static final HttpServletRequest NO_REQUEST = unsupported(HttpServletRequest.class);
  private static final HttpServletResponse NO_RESPONSE = unsupported(HttpServletResponse.class);

  private final class Request extends HttpServletRequestWrapper {
    private final AwsRequest request;
    private final Map<String, List<String>> headers;
    private final Map<String, String> parameters;
    private final ByteArrayInputStream body;

    Request(AwsRequest request) {
      super(NO_REQUEST);
      this.request = request;
      // The body is whole: its length is known, whatever framing carried it to the endpoint.
      Map<String, List<String>> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      request
          .headers()
          .forEach(
              (name, values) -> {
                if (!CONNECTION_HEADERS.contains(name)) {
                  shown.put(name, values);
                }
              });
      shown.put("content-length", List.of(Integer.toString(request.body().length)));
      this.headers = Collections.unmodifiableMap(shown);
      this.parameters = request.queryParameters();
      this.body = new ByteArrayInputStream(request.body());
    }

    @Override
    public String getMethod() {
      return request.method();
    }

    @Override
    public String getRequestURI() {
      return request.path();
    }

    @Override
    public StringBuffer getRequestURL() {
      return new StringBuffer(getScheme())
          .append("://")
          .append(getServerName())
          .append(':')
          .append(getServerPort())
          .append(request.path());
    }

    @Override
    public String getQueryString() {
      return request.rawQuery().isEmpty() ? null : request.rawQuery();
    }

    @Override
    public String getScheme() {
      return front.getScheme();
    }

    @Override
    public String getServerName() {
      return front.getHost();
    }

    @Override
    public int getServerPort() {
      return front.getPort();
    }

    @Override
    public String getProtocol() {
      return "HTTP/1.1";
    }

    @Override
    public String getHeader(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return Collections.enumeration(headers.getOrDefault(name, List.of()));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      return Collections.enumeration(headers.keySet());
    }

    @Override
    public long getDateHeader(String name) {
      String value = getHeader(name);
      if (value == null) {
        return -1;
      }
      try {
        return ZonedDateTime.parse(value, HTTP_DATE).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        // as the servlet API documents it
        throw new IllegalArgumentException("header " + name + " is not an HTTP date: " + value, e);
      }
    }

    @Override
    public int getIntHeader(String name) {
      String value = getHeader(name);
      return value == null ? -1 : Integer.parseInt(value.trim());
    }

    @Override
    public String getParameter(String name) {
      return parameters.get(name);
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.enumeration(parameters.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
      String value = parameters.get(name);
      return value == null ? null : new String[] {value};
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      Map<String, String[]> map = new LinkedHashMap<>();
      parameters.forEach((name, value) -> map.put(name, new String[] {value}));
      return Collections.unmodifiableMap(map);
    }

    @Override
    public int getContentLength() {
      return request.body().length;
    }

    @Override
    public long getContentLengthLong() {
      return request.body().length;
    }

    @Override
    public String getContentType() {
      return getHeader("content-type");
    }

    @Override
    public String getCharacterEncoding() {
      return null;
    }

    @Override
    public Object getAttribute(String name) {
      return null;
    }

    @Override
    public String getRemoteAddr() {
      return "127.0.0.1";
    }

    @Override
    public ServletInputStream getInputStream() {
      return new ServletInputStream() {
        @Override
        public int read() {
          return body.read();
        }

        @Override
        public int read(byte[] into, int offset, int length) {
          return body.read(into, offset, length);
        }

        @Override
        public boolean isFinished() {
          return body.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException(
              "the in-process request has no asynchronous reads");
        }
      };
    }
  }

  private static final class Response extends HttpServletResponseWrapper {
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = SC_OK;
    private String contentType;
    private String characterEncoding;
    private PrintWriter writer;
    private boolean flushed;

    Response() {
      super(NO_RESPONSE);
    }

    /**
     * @throws IllegalStateException if the body is not as long as the servlet said it would be: a
     *     container would have cut the connection short; the endpoint answers a 500 instead of a
     *     shorter body that looks whole
     */
    AwsResponse toAwsResponse(boolean head) {
      if (writer != null) {
        writer.flush();
      }
      String declared = getHeader("Content-Length");
      boolean bodyAllowed = !head && status != SC_NO_CONTENT && status != SC_NOT_MODIFIED;
      if (bodyAllowed && declared != null && Long.parseLong(declared.trim()) != body.size()) {
        throw new IllegalStateException(
            "the servlet declared a body of "
                + declared.trim()
                + " bytes and wrote "
                + body.size()
                + " (status "
                + status
                + ")");
      }
      Map<String, List<String>> all = new LinkedHashMap<>(headers);
      if (contentType != null) {
        all.put(
            "Content-Type",
            List.of(
                characterEncoding == null || contentType.contains("charset=")
                    ? contentType
                    : contentType + ";charset=" + characterEncoding.toLowerCase(Locale.ROOT)));
      }
      return new AwsResponse(status, all, body.toByteArray());
    }

    @Override
    public void setStatus(int status) {
      this.status = status;
    }

    @Override
    public int getStatus() {
      return status;
    }

    @Override
    public void sendError(int status) {
      sendError(status, null);
    }

    @Override
    public void sendError(int status, String message) {
      if (isCommitted()) {
        throw new IllegalStateException(
            "the answer is committed; it cannot become error " + status);
      }
      this.status = status;
      body.reset();
      writer = null;
      if (message != null) {
        contentType = "text/plain";
        characterEncoding = "UTF-8";
        body.writeBytes(message.getBytes(StandardCharsets.UTF_8));
      }
    }

    @Override
    public void addHeader(String name, String value) {
      if (name.equalsIgnoreCase("content-type")) {
        setContentType(value);
        return;
      }
      headers.computeIfAbsent(name, unused -> new ArrayList<>()).add(value);
    }

    @Override
    public void setHeader(String name, String value) {
      if (name.equalsIgnoreCase("content-type")) {
        setContentType(value);
        return;
      }
      if (value == null) {
        headers.remove(name);
      } else {
        headers.put(name, new ArrayList<>(List.of(value)));
      }
    }

    @Override
    public void addDateHeader(String name, long date) {
      addHeader(name, httpDate(date));
    }

    @Override
    public void setDateHeader(String name, long date) {
      setHeader(name, httpDate(date));
    }

    @Override
    public void addIntHeader(String name, int value) {
      addHeader(name, Integer.toString(value));
    }

    @Override
    public void setIntHeader(String name, int value) {
      setHeader(name, Integer.toString(value));
    }

    @Override
    public boolean containsHeader(String name) {
      return headers.containsKey(name)
          || (name.equalsIgnoreCase("content-type") && contentType != null);
    }

    @Override
    public String getHeader(String name) {
      if (name.equalsIgnoreCase("content-type")) {
        return contentType;
      }
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public Collection<String> getHeaders(String name) {
      return List.copyOf(headers.getOrDefault(name, List.of()));
    }

    @Override
    public Collection<String> getHeaderNames() {
      return List.copyOf(headers.keySet());
    }

    @Override
    public void setContentType(String type) {
      this.contentType = type;
    }

    @Override
    public String getContentType() {
      return contentType;
    }

    @Override
    public void setCharacterEncoding(String encoding) {
      this.characterEncoding = encoding;
    }

    @Override
    public String getCharacterEncoding() {
      // the servlet API's default
      return characterEncoding == null ? "ISO-8859-1" : characterEncoding;
    }

    @Override
    public void setContentLength(int length) {
      setContentLengthLong(length);
    }

    /**
     * Kept as the header: a HEAD answer passes it on, and any other is checked against its body.
     */
    @Override
    public void setContentLengthLong(long length) {
      setHeader("Content-Length", Long.toString(length));
    }

    @Override
    public PrintWriter getWriter() {
      if (writer == null) {
        writer =
            new PrintWriter(new OutputStreamWriter(body, Charset.forName(getCharacterEncoding())));
      }
      return writer;
    }

    @Override
    public ServletOutputStream getOutputStream() {
      return new ServletOutputStream() {
        @Override
        public void write(int b) {
          body.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
          body.write(bytes, offset, length);
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          throw new UnsupportedOperationException(
              "the in-process response has no asynchronous writes");
        }
      };
    }

    @Override
    public boolean isCommitted() {
      if (writer != null) {
        writer.flush();
      }
      return flushed || body.size() >= COMMIT_SIZE;
    }

    @Override
    public void flushBuffer() {
      if (writer != null) {
        writer.flush();
      }
      flushed = true;
    }

    @Override
    public void reset() {
      resetBuffer();
      headers.clear();
      status = SC_OK;
      contentType = null;
      characterEncoding = null;
    }

    @Override
    public void resetBuffer() {
      if (isCommitted()) {
        throw new IllegalStateException("the answer is committed; its buffer cannot be reset");
      }
      body.reset();
      writer = null;
    }

    private static String httpDate(long epochMillis) {
      return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
    }
  }
}
