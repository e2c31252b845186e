package dev.chargpt.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build picks the natives of the machine it runs on (issue 36): platform/pom.xml's mapping, fast. */
class PlatformProfilesTest {

    /** os.name and os.arch as each platform's JVM reports them. */
    @ParameterizedTest
    @CsvSource({
            "Linux, amd64, linux-x86_64",
            "Linux, aarch64, linux-arm64",
            "Mac OS X, x86_64, macosx-x86_64",
            "Mac OS X, aarch64, macosx-arm64",
            "Windows 11, amd64, windows-x86_64",
            "Windows Server 2022, amd64, windows-x86_64"})
    void eachSupportedMachineGetsItsOwnPlatform(String osName, String osArch, String platform) throws Exception {
        assertEquals(Optional.of(platform), PlatformProfiles.read().platformOf(osName, osArch));
    }

    @ParameterizedTest
    @CsvSource({"Linux, ppc64le", "Linux, arm", "Windows 11, aarch64", "FreeBSD, amd64"})
    void aMachineWithoutAnNd4jBuildGetsNoneAndANameThatSaysSo(String osName, String osArch) throws Exception {
        PlatformProfiles profiles = PlatformProfiles.read();
        assertEquals(Optional.empty(), profiles.platformOf(osName, osArch));
        assertTrue(profiles.fallback().startsWith("no-nd4j-build"), profiles.fallback());
    }

    @Test
    void thisMachineGetsAPlatform() throws Exception {
        Optional<String> platform = PlatformProfiles.read().platformOf(System.getProperty("os.name"), System.getProperty("os.arch"));
        assertTrue(platform.isPresent(), System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    /** pom.xml takes the platform from its parent, so that -Djavacpp.platform alone overrides it. */
    @Test
    void thePomInheritsThePlatformAndSetsNoneOfItsOwn() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<relativePath>platform/pom.xml</relativePath>"));
        assertFalse(pom.contains("<javacpp.platform>"), "pom.xml sets javacpp.platform itself");
        assertEquals(5, PlatformProfiles.read().profiles().size());
    }
}
