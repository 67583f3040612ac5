package dev.pharos.edge.upstream;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016): a lookup table of {@value #SIZE} slots, each naming a
 * target, filled so that every target owns a share of slots proportional to its weight. A key hashes to a slot.
 *
 * <p>The table depends only on the targets' {@code host:port} and weights, never on their order in the config or on
 * the node, so every node that compiles the same upstream maps a key to the same target. Each target walks its own
 * permutation of the slots (an offset and a step derived from its address) and takes the next free slot in turn;
 * removing a target therefore frees its slots and disturbs the others' only slightly. {@code MaglevTableTest}
 * measures that disturbance.
 *
 * <p>Weights follow Envoy's variant: in round {@code r} a target takes a slot only while {@code r × weight} keeps up
 * with the slots it took times the largest weight, so a target of half the largest weight takes every other round.
 */
final class MaglevTable {

  /** A prime, so that every step from 1 to SIZE - 1 visits every slot; about 100 times the targets one expects. */
  static final int SIZE = 65_537;

  private static final long OFFSET_SEED = 0x6d61676c65764f66L;
  private static final long STEP_SEED = 0x6d61676c65765374L;

  private final Endpoint[] slots;

  private MaglevTable(Endpoint[] slots) {
    this.slots = slots;
  }

  /** @param endpoints targets with weight above 0, in any order */
  static MaglevTable build(Endpoint[] endpoints) {
    Endpoint[] sorted = endpoints.clone();
    Arrays.sort(sorted, Comparator.comparing(e -> e.target().address()));
    int n = sorted.length;
    Endpoint[] slots = new Endpoint[n == 0 ? 0 : SIZE];
    int[] position = new int[n];
    int[] step = new int[n];
    long[] credit = new long[n];
    int maxWeight = 0;
    for (int i = 0; i < n; i++) {
      String address = sorted[i].target().address();
      position[i] = (int) Long.remainderUnsigned(KeyHash.of(address, OFFSET_SEED), SIZE);
      step[i] = (int) Long.remainderUnsigned(KeyHash.of(address, STEP_SEED), SIZE - 1) + 1;
      maxWeight = Math.max(maxWeight, sorted[i].weight());
    }
    int filled = 0;
    for (long round = 1; filled < slots.length; round++) {
      for (int i = 0; i < n && filled < slots.length; i++) {
        if (round * sorted[i].weight() < credit[i]) {
          continue;
        }
        credit[i] += maxWeight;
        while (slots[position[i]] != null) {
          position[i] = (position[i] + step[i]) % SIZE;
        }
        slots[position[i]] = sorted[i];
        filled++;
      }
    }
    return new MaglevTable(slots);
  }

  /** The endpoint owning the key's slot, or null when the table has no targets. */
  Endpoint lookup(long keyHash) {
    return slots.length == 0 ? null : slots[(int) Long.remainderUnsigned(keyHash, SIZE)];
  }

  /** The endpoint owning a slot, for tests that compare two tables slot by slot. */
  Endpoint slot(int index) {
    return slots[index];
  }
}
