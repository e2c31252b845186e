package dev.chargpt.platform;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * platform/pom.xml's profiles read as Maven activates them: each maps an operating system's family,
 * name and processor (Java's os.name and os.arch) to a javacpp.platform.
 */
record PlatformProfiles(List<Profile> profiles, String fallback) {
    static final Path POM = Path.of("platform/pom.xml");

    record Profile(String id, String family, String name, String arch, String platform) {
        /** Maven's os activation (plexus-utils Os): every condition given must hold, names and arches case-blind. */
        boolean activeOn(String osName, String osArch) {
            return (family == null || isFamily(family, osName.toLowerCase(Locale.ROOT)))
                    && (name == null || name.equalsIgnoreCase(osName))
                    && (arch == null || arch.equalsIgnoreCase(osArch));
        }

        private static boolean isFamily(String family, String os) {
            return switch (family) {
                case "windows" -> os.contains("windows");
                case "mac" -> os.contains("mac");
                case "unix" -> !os.contains("windows") && (!os.contains("mac") || os.endsWith("x"));
                default -> throw new AssertionError("an os family this reader does not know: " + family);
            };
        }
    }

    static PlatformProfiles read() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(POM.toFile()).getDocumentElement();
        List<Profile> profiles = new ArrayList<>();
        NodeList nodes = project.getElementsByTagName("profile");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element profile = (Element) nodes.item(i);
            Element os = (Element) profile.getElementsByTagName("os").item(0);
            profiles.add(new Profile(text(profile, "id"), text(os, "family"), text(os, "name"), text(os, "arch"),
                    text(profile, "javacpp.platform")));
        }
        Element properties = (Element) project.getElementsByTagName("properties").item(0);
        return new PlatformProfiles(profiles, text(properties, "javacpp.platform"));
    }

    /** The javacpp.platform a build on this OS and processor gets, or empty when no profile is active. */
    Optional<String> platformOf(String osName, String osArch) {
        List<String> active = profiles.stream().filter(p -> p.activeOn(osName, osArch)).map(Profile::platform).toList();
        if (active.size() > 1) {
            throw new AssertionError("two profiles active on " + osName + "/" + osArch + ": " + active);
        }
        return active.stream().findFirst();
    }

    private static String text(Element parent, String tag) {
        NodeList found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? null : found.item(0).getTextContent().trim();
    }
}
