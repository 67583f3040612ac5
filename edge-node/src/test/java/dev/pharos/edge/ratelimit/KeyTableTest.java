package dev.pharos.edge.ratelimit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyTableTest {

  private static final BucketLimit LIMIT = new BucketLimit(0.01, 10);

  @Test
  void pastTheCapNewKeysShareTheRulesOverflowKey() {
    KeyTable table = new KeyTable(2, RateLimitSettings.Overflow.SHARED_KEY);
    LocalKey a = table.get("r/", "r/a", false, LIMIT, LIMIT, 0);
    table.get("r/", "r/b", false, LIMIT, LIMIT, 0);
    LocalKey c = table.get("r/", "r/c", false, LIMIT, LIMIT, 0);
    LocalKey d = table.get("r/", "r/d", false, LIMIT, LIMIT, 0);

    assertThat(c).isSameAs(d).isNotSameAs(a);
    assertThat(table.get("r/", "r/a", false, LIMIT, LIMIT, 0)).isSameAs(a);
    assertThat(table.size()).isEqualTo(3);
  }

  @Test
  void pastTheCapNewKeysAreRefusedUnderTheRefusePolicy() {
    KeyTable table = new KeyTable(1, RateLimitSettings.Overflow.REFUSE);
    LocalKey a = table.get("r/", "r/a", false, LIMIT, LIMIT, 0);

    assertThat(table.get("r/", "r/b", false, LIMIT, LIMIT, 0)).isNull();
    table.remove("r/a", a);
    assertThat(table.get("r/", "r/b", false, LIMIT, LIMIT, 0)).isNotNull();
  }
}
