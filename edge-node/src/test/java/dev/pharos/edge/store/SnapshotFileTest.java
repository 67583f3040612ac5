package dev.pharos.edge.store;

import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The copy a commit writes while its version is being committed, and what a restart would read meanwhile. */
class SnapshotFileTest {

  @TempDir
  Path dir;

  @Test
  void aPreparedCopyIsNotReadUntilInstalled() throws Exception {
    SnapshotFile file = new SnapshotFile(dir);
    file.write(table(1));

    SnapshotFile.Prepared prepared = file.prepare(table(2));

    assertThat(new SnapshotFile(dir).read()).contains(table(1));
    prepared.install();
    assertThat(new SnapshotFile(dir).read()).contains(table(2));
  }

  @Test
  void aDiscardedCopyLeavesTheFileAsItWas() throws Exception {
    SnapshotFile file = new SnapshotFile(dir);
    file.write(table(1));

    file.prepare(table(2)).discard();

    assertThat(new SnapshotFile(dir).read()).contains(table(1));
    assertThat(dir.toFile().list()).containsExactly(SnapshotFile.FILE_NAME);
  }

  @Test
  void aCopyOlderThanWhatWasWrittenMeanwhileIsDropped() throws Exception {
    SnapshotFile file = new SnapshotFile(dir);
    SnapshotFile.Prepared prepared = file.prepare(table(2));
    file.write(table(3));

    prepared.install();

    assertThat(new SnapshotFile(dir).read()).contains(table(3));
    assertThat(dir.toFile().list()).containsExactly(SnapshotFile.FILE_NAME);
  }

  private static ConfigSnapshot table(long version) {
    return ConfigSnapshot.of(version, List.of(), List.of(Upstream.of("pool", Target.of("10.0.0." + version, 80))));
  }
}
