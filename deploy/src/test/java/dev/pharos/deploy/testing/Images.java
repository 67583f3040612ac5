package dev.pharos.deploy.testing;

import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The images the container tests run, built from the local base image without pulling anything: the node image from
 * {@code deploy/Dockerfile} and the packaged jar, and a client image with the load generator.
 */
public final class Images {

  public static final String BASE_IMAGE = "pharos/jre-base:17";

  private static final Path REPO = Path.of(System.getProperty("pharos.repo.dir", "..")).toAbsolutePath().normalize();
  private static final Path NODE_JAR = REPO.resolve("edge-node/target/pharos-edge.jar");
  private static final Path LOAD_JAR = REPO.resolve("loadtest/target/pharos-load.jar");

  // Built once per JVM; every container of the run shares them.
  private static final ImageFromDockerfile NODE = new ImageFromDockerfile("pharos/edge-test", false)
    .withFileFromPath("Dockerfile", REPO.resolve("deploy/Dockerfile"))
    .withFileFromPath("edge-node/target/pharos-edge.jar", NODE_JAR)
    .withBuildArg("BASE_IMAGE", BASE_IMAGE)
    .withBuildImageCmdModifier(cmd -> cmd.withPull(false));

  private static final ImageFromDockerfile CLIENT = new ImageFromDockerfile("pharos/load-test", false)
    .withFileFromPath("pharos-load.jar", LOAD_JAR)
    .withDockerfileFromBuilder(b -> b.from(BASE_IMAGE).copy("pharos-load.jar", "/opt/pharos-load.jar").build())
    .withBuildImageCmdModifier(cmd -> cmd.withPull(false));

  private Images() {
  }

  public static ImageFromDockerfile node() {
    return NODE;
  }

  public static ImageFromDockerfile client() {
    return CLIENT;
  }

  /** Fails with what to run when the base image or a jar is missing, rather than with a pull or build error. */
  public static void checkPrerequisites() {
    try {
      DockerClientFactory.instance().client().inspectImageCmd(BASE_IMAGE).exec();
    } catch (NotFoundException e) {
      throw new IllegalStateException("the base image " + BASE_IMAGE + " is missing: run deploy/base-image.sh");
    }
    for (Path jar : new Path[] {NODE_JAR, LOAD_JAR}) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing: build through the reactor (mvn -B verify)");
      }
    }
  }
}
