package dev.pharos.edge.metrics;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LabelsTest {

  @Test
  void standardMethodsKeepTheirNameAndOthersAreOther() {
    assertThat(MethodLabel.of(HttpMethod.GET)).isEqualTo(MethodLabel.GET);
    assertThat(MethodLabel.of(HttpMethod.PATCH)).isEqualTo(MethodLabel.PATCH);
    assertThat(MethodLabel.of(HttpMethod.valueOf("GET"))).isEqualTo(MethodLabel.GET);
    assertThat(MethodLabel.of(HttpMethod.PROPFIND)).isEqualTo(MethodLabel.OTHER);
    assertThat(MethodLabel.of(HttpMethod.valueOf("BREW"))).isEqualTo(MethodLabel.OTHER);
  }

  @ParameterizedTest
  @CsvSource({"100,1xx", "200,2xx", "204,2xx", "301,3xx", "404,4xx", "499,4xx", "503,5xx", "599,5xx", "99,other",
    "600,other", "0,other", "999,other"})
  void statusClassIsTheHundredOrOther(int status, String label) {
    assertThat(StatusClass.of(status).label).isEqualTo(label);
  }
}
