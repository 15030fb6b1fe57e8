package org.neuroprior.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/**
 * JavaCPP's resident-memory bound reaches the processes the project starts. Without it SameDiff's dead native
 * buffers wait for a GC that a large, quiet heap rarely runs: a PPO + GRU run grew from 294 MB to 5.5 GB
 * (BENCHMARKS.md, "SameDiff's native memory"). The bound is defined once (the root pom's {@code native.memory.flags});
 * this checks that the launcher's flags (target/jvm.options) carry it and that the test JVM runs under the same one.
 */
class NativeMemoryBoundTest {
    private static final Pattern BOUND = Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.maxphysicalbytes=(\\S+)");

    @Test
    void theLauncherAndTheTestsBoundJavaCppsPhysicalMemory() throws Exception {
        String flags = Files.readString(Path.of("target", "jvm.options"));
        Matcher m = BOUND.matcher(flags);
        assertTrue(m.find(), "the launcher's JVM flags set no JavaCPP bound: " + flags);
        long bound = Pointer.parseBytes(m.group(1), 0);
        assertTrue(bound > 0, "a bound of " + m.group(1));
        assertEquals(bound, Pointer.maxPhysicalBytes(), "the test JVM's JavaCPP bound differs from the launcher's");
        // JavaCPP's default is about twice the maximum heap: the bound must be tighter than that to act sooner.
        assertTrue(bound < 2 * Runtime.getRuntime().maxMemory(),
                "a bound of " + bound + " bytes is no tighter than JavaCPP's default for a " + Runtime.getRuntime().maxMemory() + "-byte heap");
    }
}
