/**
 * The admin verticle: the REST API that reads and changes the cluster's route table, over the {@link
 * dev.pharos.admin.ConfigStore} and {@link dev.pharos.admin.ClusterView} ports that the edge node implements.
 */
package dev.pharos.admin;
