package org.neuroprior.envs.whisker.objects;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.neuroprior.envs.mujoco.MjModel;

/** Reads a user mesh file by its extension: Wavefront OBJ ({@link ObjReader}) or STL ({@link StlReader}). */
public final class MeshFiles {
    private MeshFiles() {}

    /**
     * @throws IllegalArgumentException naming the file when it is missing, unreadable, of an unsupported type, or
     *                                  not a valid mesh (no triangles, a non-finite coordinate, flat, ...)
     */
    public static MeshPart read(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("mesh file " + file + " does not exist or is not readable");
        }
        requireSupported(file);
        try {
            return extension(file).equals("obj") ? ObjReader.read(file) : StlReader.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read mesh file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The diagonal (mm) of the object a mesh is checked at: the middle of the sweep protocols' sizes (20 to 60 mm). */
    static final double CHECK_DIAGONAL = 40;

    /**
     * Reads the mesh and compiles it, centred and scaled as a sweep would, in a one-object MuJoCo model: the checks
     * MuJoCo makes (at least 4 vertices, a convex hull that qhull can build, a volume that is not too small) are
     * made by MuJoCo itself.
     *
     * @throws IllegalArgumentException naming the file and why it cannot be used
     */
    public static void check(Path file) {
        MeshPart mesh = read(file);
        ObjectShape shape = new ObjectShape("check", List.of(mesh), Map.of()).centeredAndScaledToDiagonal(CHECK_DIAGONAL);
        try (MjModel model = ObjectWorld.compile(shape.toMjcf("check"))) {
            if (model.raw().nmesh() != 1) throw new IllegalStateException("a one-mesh model compiled with " + model.raw().nmesh() + " meshes");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mesh file " + file + " cannot be used by MuJoCo: " + e.getMessage(), e);
        }
    }

    static void requireSupported(Path file) {
        String extension = extension(file);
        if (!extension.equals("obj") && !extension.equals("stl")) {
            throw new IllegalArgumentException("mesh file " + file + " has an unsupported type; accepted: .obj, .stl");
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
