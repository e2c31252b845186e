package dev.chargpt.cli;

/**
 * The program's version: the {@code Implementation-Version} that the shade plugin writes into
 * the manifest of {@code target/chargpt.jar} (the project version in pom.xml). Classes run from
 * {@code target/classes} (tests, an IDE) have no manifest and say so.
 */
final class ChargptVersion {

    static final String UNPACKAGED = "development build (not run from target/chargpt.jar)";

    private ChargptVersion() {
    }

    static String text() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? UNPACKAGED : version;
    }
}
