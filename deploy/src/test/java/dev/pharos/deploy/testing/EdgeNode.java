package dev.pharos.deploy.testing;

import org.testcontainers.containers.GenericContainer;

import java.net.URI;

/**
 * One Pharos node container: its name, its fixed address on the cluster network (where the {@code edge} alias and
 * Hazelcast live) and its address on the access network (where the backend lives, and from which the test reaches
 * it even while the node is cut off the cluster network).
 */
public final class EdgeNode {

  private final String name;
  private final String clusterIp;
  private final GenericContainer<?> container;
  private String accessIp;

  EdgeNode(String name, String clusterIp, GenericContainer<?> container) {
    this.name = name;
    this.clusterIp = clusterIp;
    this.container = container;
  }

  public String name() {
    return name;
  }

  public String clusterIp() {
    return clusterIp;
  }

  public String containerId() {
    return container.getContainerId();
  }

  GenericContainer<?> container() {
    return container;
  }

  void accessIp(String ip) {
    this.accessIp = ip;
  }

  public URI http(String path) {
    return URI.create("http://" + accessIp + ":" + EdgeCluster.HTTP_PORT + path);
  }

  public URI admin(String path) {
    return URI.create("http://" + accessIp + ":" + EdgeCluster.ADMIN_PORT + path);
  }

  @Override
  public String toString() {
    return name + " (" + clusterIp + ")";
  }
}
