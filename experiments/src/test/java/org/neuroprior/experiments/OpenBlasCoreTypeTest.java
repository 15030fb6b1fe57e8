package org.neuroprior.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/openblas-coretype.sh, the OpenBLAS kernel set the launcher asks for: SkylakeX exactly on an AMD processor with
 * AVX-512 F, CD, BW, DQ and VL (which ND4J's OpenBLAS 0.3.19 does not recognise and gives its SSE2 Barcelona kernels),
 * nothing on Intel processors (OpenBLAS picks their AVX-512 kernels itself) or without one of the flags; and the
 * launcher exports it unless the caller set OPENBLAS_CORETYPE.
 */
class OpenBlasCoreTypeTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final String AVX512 = "avx512f avx512dq avx512ifma avx512cd avx512bw avx512vl avx512_bf16";

    @TempDir
    Path dir;

    @Test
    void skylakeXOnAmdProcessorsWithAvx512Only() throws Exception {
        assertEquals("SkylakeX", coreType("AuthenticAMD", "fpu sse avx2 fma " + AVX512 + " avx512_vp2intersect"));
        assertEquals("", coreType("GenuineIntel", "fpu sse avx2 fma " + AVX512));
        assertEquals("", coreType("AuthenticAMD", "fpu sse avx2 fma"));                                  // Zen 3
        assertEquals("", coreType("AuthenticAMD", "fpu avx2 " + AVX512.replace("avx512vl ", "")));       // one flag missing
        assertEquals("", coreType("AuthenticAMD", "fpu avx2 avx512fx avx512cd avx512bw avx512dq avx512vl")); // whole words only
        assertEquals("", run(dir.resolve("absent")));
    }

    @Test
    void theLauncherExportsItUnlessTheCallerChoseOne() throws IOException {
        String launcher = Files.readString(ROOT.resolve("neuroprior"));
        assertTrue(launcher.contains("OPENBLAS_CORETYPE=\"${OPENBLAS_CORETYPE:-$(\"$ROOT/scripts/openblas-coretype.sh\")}\""), launcher);
        assertTrue(launcher.contains("export OPENBLAS_CORETYPE"), launcher);
        assertTrue(launcher.indexOf("export OPENBLAS_CORETYPE") < launcher.indexOf("exec java"), "exported before the JVM starts");
    }

    private String coreType(String vendor, String flags) throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: 26\nflags\t\t: " + flags + "\n\n"
                + "processor\t: 1\nvendor_id\t: " + vendor + "\nflags\t\t: " + flags + "\n");
        return run(cpuinfo);
    }

    private static String run(Path cpuinfo) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("scripts/openblas-coretype.sh").toString()).redirectErrorStream(true);
        pb.environment().put("CPUINFO", cpuinfo.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.strip();
    }
}
