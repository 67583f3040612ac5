/** Benchmarks that drive a running cluster through its public and admin ports only, as a user would. */
package dev.pharos.loadtest;
