package dev.pharos.edge.cache.http;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9110 §14.1.2's examples on a 10000-byte representation, §14.2, §13.1.5 and §15.5.17. */
class RangesTest {

  private static final MultiMap STORED = Headers.of("ETag", "\"v1\"", "Last-Modified",
    "Sat, 29 Oct 1994 19:43:31 GMT");
  private static final long LENGTH = 10000;

  private static Ranges.Answer answer(String range) {
    return Ranges.answer(range, null, STORED, LENGTH);
  }

  @Test
  void oneRangeGivesThatPart() {
    assertThat(answer("bytes=0-499")).isEqualTo(new Ranges.Part(0, 499, LENGTH));
    assertThat(answer("bytes=500-999")).isEqualTo(new Ranges.Part(500, 999, LENGTH));
    assertThat(answer("bytes=9500-")).isEqualTo(new Ranges.Part(9500, 9999, LENGTH));
    assertThat(answer("bytes=-500")).isEqualTo(new Ranges.Part(9500, 9999, LENGTH));
    assertThat(answer("bytes=0-0")).isEqualTo(new Ranges.Part(0, 0, LENGTH));
    assertThat(answer("bytes=-1")).isEqualTo(new Ranges.Part(9999, 9999, LENGTH));
    assertThat(answer("Bytes = 10 - 19 ")).isEqualTo(new Ranges.Part(10, 19, LENGTH));
    assertThat(((Ranges.Part) answer("bytes=0-499")).contentRange()).isEqualTo("bytes 0-499/10000");
  }

  @Test
  void aRangePastTheEndIsCutThereAndASuffixLongerThanTheWholeIsTheWhole() {
    assertThat(answer("bytes=9000-20000")).isEqualTo(new Ranges.Part(9000, 9999, LENGTH));
    assertThat(answer("bytes=-20000")).isEqualTo(new Ranges.Part(0, 9999, LENGTH));
  }

  @Test
  void aRangeStartingPastTheEndOrAnEmptySuffixIsUnsatisfiable() {
    assertThat(answer("bytes=10000-")).isEqualTo(new Ranges.Unsatisfiable(LENGTH));
    assertThat(answer("bytes=20000-20010")).isEqualTo(new Ranges.Unsatisfiable(LENGTH));
    assertThat(answer("bytes=-0")).isEqualTo(new Ranges.Unsatisfiable(LENGTH));
    assertThat(Ranges.answer("bytes=0-", null, STORED, 0)).isEqualTo(new Ranges.Unsatisfiable(0));
    assertThat(new Ranges.Unsatisfiable(LENGTH).contentRange()).isEqualTo("bytes */10000");
  }

  @Test
  void severalRangesOtherUnitsAndBadSyntaxGiveTheWhole() {
    assertThat(answer("bytes=0-499,1000-1499")).isInstanceOf(Ranges.Whole.class);
    assertThat(answer("items=0-5")).isInstanceOf(Ranges.Whole.class);
    assertThat(answer("bytes=500-100")).isInstanceOf(Ranges.Whole.class);
    assertThat(answer("bytes=abc-")).isInstanceOf(Ranges.Whole.class);
    assertThat(answer("bytes=-")).isInstanceOf(Ranges.Whole.class);
    assertThat(answer("bytes=5")).isInstanceOf(Ranges.Whole.class);
    assertThat(answer("bytes 0-5")).isInstanceOf(Ranges.Whole.class);
  }

  @Test
  void ifRangeMatchesTheStrongETagOrTheExactLastModifiedOnly() {
    assertThat(Ranges.answer("bytes=0-9", "\"v1\"", STORED, LENGTH)).isEqualTo(new Ranges.Part(0, 9, LENGTH));
    assertThat(Ranges.answer("bytes=0-9", "\"v2\"", STORED, LENGTH)).isInstanceOf(Ranges.Whole.class);
    assertThat(Ranges.answer("bytes=0-9", "W/\"v1\"", STORED, LENGTH)).isInstanceOf(Ranges.Whole.class);
    assertThat(Ranges.answer("bytes=0-9", "Sat, 29 Oct 1994 19:43:31 GMT", STORED, LENGTH))
      .isEqualTo(new Ranges.Part(0, 9, LENGTH));
    assertThat(Ranges.answer("bytes=0-9", "Sat, 29 Oct 1994 19:43:32 GMT", STORED, LENGTH))
      .isInstanceOf(Ranges.Whole.class);
    assertThat(Ranges.answer("bytes=0-9", "yesterday", STORED, LENGTH)).isInstanceOf(Ranges.Whole.class);
    MultiMap weak = Headers.of("ETag", "W/\"v1\"");
    assertThat(Ranges.answer("bytes=0-9", "W/\"v1\"", weak, LENGTH)).isInstanceOf(Ranges.Whole.class);
  }
}
