package dev.pharos.edge.upstream;

import dev.pharos.model.OutlierDetection;

/** Takes a target out of service for the nodes that share this node's health, as passive health decided. */
public interface Ejector {

  /**
   * Ejects {@code address} ({@code host:port}) for the back-off {@code settings} give after its earlier ejections,
   * unless it is ejected already. Never blocks; the ejection reaches this node's {@link TargetHealth} shortly after.
   */
  void eject(String address, String reason, OutlierDetection settings);
}
