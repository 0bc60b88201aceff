package io.s3clean.engines.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

class LocalS3Test {
  @RegisterExtension static final LocalS3 s3 = new LocalS3();

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
  void listensOnLoopbackOnly() {
    LoopbackOnly.assertListensOnLoopbackOnly(s3.endpoint());
  }
}
