/** The dashboard in a real headless browser, against a real three-member cluster. */
package dev.pharos.edge.dashboard;
