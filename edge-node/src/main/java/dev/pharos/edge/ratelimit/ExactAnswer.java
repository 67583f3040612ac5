package dev.pharos.edge.ratelimit;

import java.io.Serializable;

/**
 * The owner's decision on one request of an exact rule.
 *
 * @param admitted whether the bucket had a token for it
 * @param total    the bucket's level after the decision
 */
record ExactAnswer(boolean admitted, double total) implements Serializable {
}
