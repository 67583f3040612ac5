package dev.pharos.edge.routing;

import dev.pharos.edge.upstream.OutlierDetector;
import dev.pharos.edge.upstream.StickySessions;
import dev.pharos.edge.upstream.TargetSelector;
import dev.pharos.model.Route;
import dev.pharos.model.Upstream;

/**
 * The route a request matched.
 *
 * @param forwardPath the normalised path to send upstream, after {@code stripPrefix}, without the query
 * @param targets     chooses among the upstream's targets
 * @param sticky      the upstream's sticky sessions, which take precedence over {@code targets}; null when off
 * @param outliers    the upstream's passive health, told how each exchange ended; null when it has none
 */
public record RouteMatch(Route route, Upstream upstream, TargetSelector targets, StickySessions sticky,
                         String forwardPath, OutlierDetector outliers) {
}
