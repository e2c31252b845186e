package dev.chargpt.cli;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shared library of the operating system that ND4J's native code links against and the machine
 * lacks. ND4J says only "ND4J is probably missing dependencies", with the cause's path deep in its
 * stack trace: on Linux an {@link UnsatisfiedLinkError} such as
 * {@code .../libjnind4jcpu.so: libgomp.so.1: cannot open shared object file: No such file or directory}
 * (the linux-arm64 natives need the system's GNU OpenMP, which a slim Debian image does not have),
 * on macOS {@code Library not loaded: @rpath/libomp.dylib}.
 */
final class MissingSystemLibrary {
    private static final Pattern LINUX = Pattern.compile("(lib[\\w+.-]+?\\.so[.\\d]*): cannot open shared object file");
    private static final Pattern MACOS = Pattern.compile("Library not loaded: (?:\\S*/)?(lib[\\w+.-]+?\\.dylib)");
    /** Debian's and Ubuntu's package for the libraries ND4J's natives have been seen to need. */
    private static final Map<String, String> DEBIAN_PACKAGE = Map.of(
            "libgomp.so.1", "libgomp1",
            "libstdc++.so.6", "libstdc++6",
            "libgfortran.so.5", "libgfortran5",
            "libquadmath.so.0", "libquadmath0");

    private MissingSystemLibrary() {
    }

    /** The line for a failure caused by a missing system library, if it was one. */
    static Optional<String> line(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (!(t instanceof UnsatisfiedLinkError) || message == null) {
                continue;
            }
            Matcher linux = LINUX.matcher(message);
            if (linux.find()) {
                return Optional.of(say(linux.group(1), DEBIAN_PACKAGE.get(linux.group(1))));
            }
            Matcher mac = MACOS.matcher(message);
            if (mac.find()) {
                return Optional.of(say(mac.group(1), null));
            }
        }
        return Optional.empty();
    }

    private static String say(String library, String debianPackage) {
        String install = debianPackage == null ? "install the system package that provides it"
                : "install " + debianPackage + " (Debian/Ubuntu: apt-get install " + debianPackage + ")";
        return "chargpt: ND4J's native libraries need the system library " + library + ", which is not installed; "
                + install + " and run again";
    }
}
