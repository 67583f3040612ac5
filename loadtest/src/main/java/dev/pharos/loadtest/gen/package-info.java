/**
 * A load generator ({@code pharos-load.jar}): open-loop constant rate with latency from the intended send time, or
 * closed loop over N connections, recorded in HdrHistogram and written as JSON and an HTML report.
 */
package dev.pharos.loadtest.gen;
