package org.neuroprior.envs.whisker.objects;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

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
