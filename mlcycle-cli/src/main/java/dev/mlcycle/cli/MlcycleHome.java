package dev.mlcycle.cli;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * Where the mlcycle checkout is, so that {@code mlcycle up} finds the services' built jars: {@code
 * $MLCYCLE_HOME} (the launcher sets it), else three levels above the running CLI jar ({@code
 * <root>/mlcycle-cli/target/mlcycle-cli.jar}) or its classes directory.
 */
final class MlcycleHome {
    static final String ENV = "MLCYCLE_HOME";

    private MlcycleHome() {}

    /** The checkout root, if it can be found. */
    static Optional<Path> find(String env) {
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env).toAbsolutePath().normalize());
        }
        return fromCodeLocation(codeLocation());
    }

    /** {@code <root>/mlcycle-cli/target/mlcycle-cli.jar} or {@code <root>/mlcycle-cli/target/classes} to root. */
    static Optional<Path> fromCodeLocation(Path location) {
        if (location == null) {
            return Optional.empty();
        }
        Path target = location.toAbsolutePath().normalize().getParent();
        if (target == null
                || target.getFileName() == null
                || !target.getFileName().toString().equals("target")) {
            return Optional.empty();
        }
        Path module = target.getParent();
        return module == null ? Optional.empty() : Optional.ofNullable(module.getParent());
    }

    private static Path codeLocation() {
        try {
            CodeSource source = MlcycleHome.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The runnable jar of a Quarkus service module ({@code <root>/<module>/target/quarkus-app/quarkus-run.jar}),
     * or {@link Reason#NOT_FOUND} saying how to build it and how to start without it.
     */
    static Path quarkusJar(Optional<Path> root, String module, String skipOption) {
        String build = "./mvnw -pl " + module + " -am package -DskipTests";
        if (root.isEmpty()) {
            throw new MlcycleException(
                    Reason.NOT_FOUND,
                    "cannot tell where the mlcycle checkout is, so cannot find the " + module + " jar: set " + ENV
                            + " to it (the ./mlcycle launcher does), or start without it: mlcycle up " + skipOption);
        }
        Path jar = root.get().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new MlcycleException(
                    Reason.NOT_FOUND,
                    "no " + module + " build at " + jar + ": build it with `" + build + "` in " + root.get()
                            + ", or start without it: mlcycle up " + skipOption);
        }
        return jar;
    }
}
