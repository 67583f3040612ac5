/**
 * Response compression at the edge: which responses are compressed (content type, size, the client's
 * {@code Accept-Encoding}, what the origin already did) and the streaming gzip and brotli encoders that do it.
 */
package dev.pharos.edge.compression;
