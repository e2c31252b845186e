package dev.chargpt.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeRuntimeTest {
    private static final String SAPPHIRE_RAPIDS = "processor\t: 0\nvendor_id\t: GenuineIntel\n"
            + "flags\t\t: fpu sse sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni\nbugs\t\t:\n";
    private static final String HASWELL = "flags\t\t: fpu sse sse2 avx avx2 fma\n";

    @Test
    void cpuFlagsAreReadFromTheFirstFlagsLine() {
        assertTrue(CpuFlags.parse(SAPPHIRE_RAPIDS).hasAvx512());
        assertFalse(CpuFlags.parse(HASWELL).hasAvx512());
        assertFalse(CpuFlags.parse("flags : avx512f avx512bw\n").hasAvx512(), "AVX-512 needs F, CD, BW, DQ and VL");
        assertFalse(CpuFlags.parse("no such line").hasAvx512());
    }

    @Test
    void oneDnnBuildOnlyWhereTheCpuRunsItAndTheJarCarriesIt() {
        assertEquals("-onednn-avx512", NativeRuntime.nativeBuildExtension(CpuFlags.parse(SAPPHIRE_RAPIDS), "linux-x86_64",
                name -> name.equals("linux-x86_64-onednn-avx512")));
        assertEquals("", NativeRuntime.nativeBuildExtension(CpuFlags.parse(HASWELL), "linux-x86_64", name -> true),
                "a CPU without AVX-512 keeps the generic build");
        assertEquals("", NativeRuntime.nativeBuildExtension(CpuFlags.parse(SAPPHIRE_RAPIDS), "linux-x86_64", name -> false),
                "a jar built without the variant keeps the generic build");
    }

    @Test
    void thisTestRunLoadsTheBuildTheProgramWould() {
        String expected = NativeRuntime.nativeBuildExtension(CpuFlags.current(), NativeRuntime.platform(),
                name -> NativeRuntime.class.getResource("/org/nd4j/linalg/cpu/nativecpu/bindings/" + name + "/libnd4jcpu.so") != null);
        assertEquals(expected, System.getProperty(NativeRuntime.PLATFORM_EXTENSION, ""));
    }

    /** JavaCPP's platform names, which the jar's native folders use (issue 36: info said linux-aarch64 on arm64). */
    @Test
    void javasOsNameAndArchMapToJavaCppsPlatformNames() {
        assertEquals("linux-x86_64", NativeRuntime.platform("Linux", "amd64"));
        assertEquals("linux-arm64", NativeRuntime.platform("Linux", "aarch64"));
        assertEquals("macosx-x86_64", NativeRuntime.platform("Mac OS X", "x86_64"));
        assertEquals("macosx-arm64", NativeRuntime.platform("Mac OS X", "aarch64"));
        assertEquals("windows-x86_64", NativeRuntime.platform("Windows 11", "amd64"));
    }
}
