/** TLS termination on the public HTTPS listener: certificates from a watched folder, chosen by SNI. */
package dev.pharos.edge.tls;
