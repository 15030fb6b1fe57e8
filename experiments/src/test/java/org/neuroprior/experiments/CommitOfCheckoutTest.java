package org.neuroprior.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/commit-of-checkout.sh, the commit runs record in config.yaml: HEAD, with -dirty exactly when sources (java,
 * pom.xml, resources) differ from it, unknown outside a git checkout of its own; and the launcher passes it to Java.
 */
class CommitOfCheckoutTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path dir;

    @Test
    void headDirtyOnlyForSourcesAndUnknownOutsideACheckout() throws Exception {
        assumeTrue(run(dir, "git", "--version").startsWith("git version"), "git is installed");
        Path project = dir.resolve("project");
        Files.createDirectories(project.resolve("scripts"));
        Files.copy(ROOT.resolve("scripts/commit-of-checkout.sh"), project.resolve("scripts/commit-of-checkout.sh"));
        Path script = project.resolve("scripts/commit-of-checkout.sh");
        assertEquals("unknown", run(project, script.toString()), "not a git checkout");
        Files.writeString(project.resolve("A.java"), "class A {}\n");
        git(project, "init", "-q");
        assertEquals("unknown", run(project, script.toString()), "no commit yet");
        git(project, "add", "-A");
        git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "one");
        String head = run(project, "git", "rev-parse", "HEAD");
        assertEquals(head, run(project, script.toString()));
        Files.writeString(project.resolve("notes.txt"), "not a source\n");
        assertEquals(head, run(project, script.toString()), "other files do not count");
        Files.writeString(project.resolve("A.java"), "class A { int x; }\n");
        assertEquals(head + "-dirty", run(project, script.toString()));
        // A copy inside another repository's folder is not that repository's checkout.
        Path nested = project.resolve("copy");
        Files.createDirectories(nested.resolve("scripts"));
        Files.copy(script, nested.resolve("scripts/commit-of-checkout.sh"));
        assertEquals("unknown", run(nested, nested.resolve("scripts/commit-of-checkout.sh").toString()));
    }

    @Test
    void theLauncherPassesItToJava() throws IOException {
        String launcher = Files.readString(ROOT.resolve("neuroprior"));
        assertTrue(launcher.contains("COMMIT=\"$(\"$ROOT/scripts/commit-of-checkout.sh\")\""), launcher);
        assertTrue(launcher.contains("-Dneuroprior.commit=\"$COMMIT\""), launcher);
    }

    private static void git(Path where, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        run(where, command.toArray(String[]::new));
    }

    private static String run(Path where, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(where.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("HOME", where.toString()); // no user settings
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        return out.strip();
    }
}
