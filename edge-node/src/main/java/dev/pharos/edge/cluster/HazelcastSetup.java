package dev.pharos.edge.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import dev.pharos.edge.cache.CacheSettings;
import dev.pharos.edge.config.NodeSettings;
import dev.pharos.model.ClusterNames;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

/**
 * The Hazelcast member configuration for a node: TCP-IP join with the seed list, or {@link DnsDiscovery} by a DNS
 * name (never multicast or cloud auto-detection), bound to one address, and the config map protected against split
 * brain.
 */
public final class HazelcastSetup {

  private HazelcastSetup() {
  }

  /**
   * @param bindHost the IP address this member binds and announces: {@code settings.clusterHost()} resolved by
   *                 {@link dev.pharos.edge.config.ClusterHost}
   */
  public static Config memberConfig(NodeSettings settings, String bindHost) {
    // Vert.x's defaults carry the event-bus subscription maps; everything else is set here.
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(settings.clusterName());
    config.setInstanceName("pharos-" + settings.nodeName() + "-" + settings.clusterPort());

    long failureSeconds = Math.max(2, settings.clusterFailureTimeout().toSeconds());
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(failureSeconds));
    config.setProperty("hazelcast.local.localAddress", bindHost);
    config.setProperty("hazelcast.socket.bind.any", "false");
    // Members that start together should find each other before the first one decides it is alone.
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
    // The node leaves the cluster itself on SIGTERM, after draining; Hazelcast's own hook would leave too early.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.clusterPort()).setPortAutoIncrement(false);
    network.setPublicAddress(bindHost + ":" + settings.clusterPort());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (settings.discoversByDns()) {
      config.setProperty("hazelcast.discovery.enabled", "true");
      join.getDiscoveryConfig().addDiscoveryStrategyConfig(
        new DiscoveryStrategyConfig(new DnsDiscovery(settings.clusterDns(), settings.clusterPort())));
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(settings.clusterMembers());
    }

    config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(ClusterNames.CONFIG_QUORUM, true,
      settings.clusterQuorum()).setProtectOn(SplitBrainProtectionOn.WRITE));
    // One synchronous backup: an acknowledged change survives losing any one member without warning.
    config.addMapConfig(new MapConfig(ClusterNames.CONFIG_MAP)
      .setBackupCount(1)
      .setAsyncBackupCount(0)
      .setReadBackupData(false)
      .setSplitBrainProtectionName(ClusterNames.CONFIG_QUORUM));
    config.addMapConfig(new MapConfig(ClusterNames.CONFIG_HISTORY_MAP)
      .setBackupCount(1)
      .setSplitBrainProtectionName(ClusterNames.CONFIG_QUORUM));
    config.addMapConfig(new MapConfig(ClusterNames.MEMBERS_MAP).setBackupCount(1));
    // Rate-limit buckets: one backup, so a member's death does not reset the counts it owned; objects in memory, so a
    // sync's entry processors deserialize nothing; no split-brain protection, since each side of a split must go on
    // enforcing its share; a per-member bound with LRU eviction (an evicted bucket starts full, its idle client's
    // tokens having long refilled).
    config.addMapConfig(new MapConfig(ClusterNames.RATE_LIMIT_MAP)
      .setBackupCount(1)
      .setInMemoryFormat(InMemoryFormat.OBJECT)
      .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
        .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(settings.rateLimits().maxKeys())));
    config.addMapConfig(cacheMap(settings.cache()));
    // A lost lease only costs one more origin fetch: no backup.
    config.addMapConfig(new MapConfig(ClusterNames.CACHE_LEASES_MAP).setBackupCount(0));
    return config;
  }

  /**
   * The cache map: synchronous backups so that entries outlive a member, and least-recently-used eviction once the
   * primary copies a member owns pass its share of the node's bound (its backups of other members' entries take the
   * rest). Entries are byte arrays, kept as they are.
   */
  private static MapConfig cacheMap(CacheSettings cache) {
    return new MapConfig(ClusterNames.CACHE_MAP)
      .setBackupCount(cache.backups())
      .setAsyncBackupCount(0)
      .setInMemoryFormat(InMemoryFormat.BINARY)
      .setStatisticsEnabled(true)
      .setEvictionConfig(new EvictionConfig()
        .setEvictionPolicy(EvictionPolicy.LRU)
        .setMaxSizePolicy(MaxSizePolicy.USED_HEAP_SIZE)
        .setSize(cache.primaryMegabytesPerNode()));
  }
}
