package io.s3clean.cli.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3clean.cli.CliException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CloudPortTest {
  @Test
  void theSystemPropertyThenTheVariableThenTheFixedDefault() {
    Properties none = new Properties();
    Properties zero = new Properties();
    zero.setProperty("s3clean.port", "0");

    assertThat(CloudPort.configured(none, Map.of())).isEqualTo(4599);
    assertThat(CloudPort.configured(none, Map.of("S3CLEAN_PORT", "4600"))).isEqualTo(4600);
    assertThat(CloudPort.configured(zero, Map.of("S3CLEAN_PORT", "4600"))).isZero();
  }

  @Test
  void aBadPortIsRefusedInOneLineNamingWhereItCameFrom() {
    assertThatThrownBy(() -> CloudPort.configured(new Properties(), Map.of("S3CLEAN_PORT", "http")))
        .isInstanceOf(CliException.class)
        .hasMessage("S3CLEAN_PORT 'http' is not a port from 0 to 65535");
    assertThatThrownBy(() -> CloudPort.parse("65536", "--port"))
        .isInstanceOf(CliException.class)
        .hasMessage("--port '65536' is not a port from 0 to 65535");
    assertThatThrownBy(() -> CloudPort.parse("-1", "--port")).isInstanceOf(CliException.class);
  }
}
