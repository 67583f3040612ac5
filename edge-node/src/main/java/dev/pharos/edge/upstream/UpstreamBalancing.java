package dev.pharos.edge.upstream;

/**
 * An upstream compiled for one route table: how a request's target is chosen, and the sticky sessions that take
 * precedence over that choice.
 *
 * @param targets  chooses by the upstream's policy
 * @param sticky   null when the upstream has no sticky sessions
 * @param outliers the upstream's passive health; null when it has no outlier detection
 */
public record UpstreamBalancing(TargetSelector targets, StickySessions sticky, OutlierDetector outliers) {
}
