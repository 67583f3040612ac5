/**
 * The rules of RFC 9111 for a shared cache as pure functions of headers and times: parsing {@code Cache-Control},
 * whether a response may be stored, how long it stays fresh, its age, whether a request may be served from it, the
 * {@code Vary} secondary key, conditional requests and invalidation. Nothing here does I/O.
 */
package dev.pharos.edge.cache.http;
