package org.neuroprior.experiments.engine;

import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.envs.mujoco.Mujoco;

/**
 * Loads the native libraries a task needs, once per JVM, before the task starts: MuJoCo (the JNI binding with
 * libmujoco and its Debian libraries, bundled in the jar for linux-x86_64) and ND4J (its CPU backend and OpenBLAS,
 * bundled likewise). JavaCPP extracts them to {@code org.bytedeco.javacpp.cachedir}; on a cluster executor that has
 * not set it, this points it at {@code javacpp-cache} in the executor's working directory (local, writable, removed
 * with the application), since the default {@code ~/.javacpp/cache} is often not writable there.
 *
 * <p>A failure is remembered, so every later task in the JVM fails at once with the same one-line
 * {@link NativeLibraryException} (the JVM cannot retry a failed class initialisation).
 */
public final class Natives {
    /** JavaCPP's system property for the directory natives are extracted to. */
    public static final String CACHE_DIR = "org.bytedeco.javacpp.cachedir";
    private static boolean loaded;
    private static String failure;

    private Natives() {
    }

    /**
     * Loads MuJoCo and ND4J (idempotent, thread-safe).
     *
     * @param clusterExecutor true in an executor JVM of a cluster (not the driver, not embedded): then the cache
     *                        directory defaults to the working directory's {@code javacpp-cache}
     * @throws NativeLibraryException naming the host, the library that failed and what an executor needs
     */
    public static synchronized void require(boolean clusterExecutor) {
        if (loaded) return;
        if (failure != null) throw new NativeLibraryException(failure);
        if (clusterExecutor && System.getProperty(CACHE_DIR) == null) {
            System.setProperty(CACHE_DIR, new File("javacpp-cache").getAbsolutePath());
        }
        String library = "MuJoCo";
        try {
            Mujoco.ensureLoaded();
            library = "ND4J";
            Nd4j.getBackend();
            Nd4j.create(1);
            loaded = true;
        } catch (Throwable t) { // LinkageError, ExceptionInInitializerError, ND4J's RuntimeException: all mean "cannot load"
            failure = "executor on " + host() + " cannot load " + library + "'s native libraries (" + rootMessage(t) + "); an executor "
                    + "needs linux-x86_64 with glibc 2.34 or later and libstdc++ of GCC 11 or later, and a writable " + CACHE_DIR
                    + " (now " + System.getProperty(CACHE_DIR, System.getProperty("user.home") + "/.javacpp/cache") + "): see the README, "
                    + "'What an executor needs'";
            throw new NativeLibraryException(failure);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replace('\n', ' ');
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "an unnamed host";
        }
    }
}
