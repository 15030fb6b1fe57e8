package org.neuroprior.envs.mujoco;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.neuroprior.envs.mujoco.binding.MuJoCo;
import org.neuroprior.envs.mujoco.binding.Mju_user_error_BytePointer;
import org.neuroprior.envs.mujoco.binding.Mju_user_warning_BytePointer;

/**
 * Loads the native MuJoCo library once, checks its version against the headers we were built with, and routes
 * MuJoCo's warnings to {@link System.Logger} (by default MuJoCo prints them and appends to MUJOCO_LOG.TXT in
 * the working directory). MuJoCo's fatal errors (e.g. its stack overflowing) cannot be survived: MuJoCo would
 * print "Press Enter to exit" and wait; here the message goes to standard error and the process ends with exit
 * code 70 at once.
 */
public final class Mujoco {
    private static final System.Logger LOG = System.getLogger("org.neuroprior.mujoco");

    private Mujoco() {
    }

    /** The MuJoCo version the binding was generated from (e.g. 222 for 2.2.2). */
    public static final int HEADER_VERSION = MuJoCo.mjVERSION_HEADER;

    /** Holder idiom: the library is loaded and checked the first time anyone asks for it, exactly once. */
    private static final class Loaded {
        static final WarningHandler HANDLER;
        static final ErrorHandler ERRORS;

        static {
            try {
                Loader.load(MuJoCo.class);
            } catch (UnsatisfiedLinkError e) {
                throw new IllegalStateException("cannot load the MuJoCo native library bundled with the binding (" + e.getMessage()
                        + "): it needs linux-x86_64 with glibc 2.34+ and libstdc++ of GCC 11+, and a writable "
                        + "org.bytedeco.javacpp.cachedir to extract to; on Debian 12 'sudo apt-get install -y libmujoco-dev' "
                        + "provides it too", e);
            }
            int version = MuJoCo.mj_version();
            if (version != HEADER_VERSION) {
                throw new IllegalStateException("MuJoCo library version " + version + " does not match the headers the "
                        + "binding was built from (" + HEADER_VERSION + "): rebuild with 'mvn clean install'");
            }
            HANDLER = new WarningHandler();
            MuJoCo.mju_user_warning(HANDLER); // keep HANDLER reachable: native code holds only its address
            ERRORS = new ErrorHandler();
            MuJoCo.mju_user_error(ERRORS);
        }
    }

    /** Loads the native library (idempotent, thread-safe). */
    public static void ensureLoaded() {
        if (Loaded.HANDLER == null) throw new AssertionError("unreachable");
    }

    /** The loaded library's version string, e.g. "2.2.2". */
    public static String version() {
        ensureLoaded();
        return MuJoCo.mj_versionString().getString();
    }

    private static final class ErrorHandler extends Mju_user_error_BytePointer {
        @Override
        public void call(BytePointer message) {
            // MuJoCo's state is undefined after a fatal error and the C caller cannot be unwound from Java.
            System.err.println("MuJoCo fatal error: " + message.getString());
            System.err.flush();
            Runtime.getRuntime().halt(70);
        }
    }

    private static final class WarningHandler extends Mju_user_warning_BytePointer {
        @Override
        public void call(BytePointer message) {
            LOG.log(System.Logger.Level.DEBUG, () -> "MuJoCo: " + message.getString());
        }
    }
}
