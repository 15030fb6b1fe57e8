package org.neuroprior.envs.whisker.objects;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.neuroprior.envs.whisker.objects.MeshPart.Triangle;

/**
 * Reads the geometry of a Wavefront OBJ file as common exporters write it (Blender, MeshLab, ShapeNet's files):
 * {@code v x y z [w]} vertices (also {@code v x y z r g b}, vertex colours, which are ignored) and {@code f} faces
 * whose corners are {@code i}, {@code i/t}, {@code i//n} or {@code i/t/n}, with 1-based or negative (relative to the
 * last vertex so far) indices. Polygons are split into a fan of triangles (exact for convex polygons; for the hull
 * MuJoCo collides with, the split never matters). A {@code #} starts a comment anywhere on a line, a {@code \} at
 * the end of a line continues it on the next, a UTF-8 byte order mark is ignored, and keywords are read in any case.
 * Every other statement (normals, texture coordinates, groups, materials, lines, points) is ignored.
 */
public final class ObjReader {
    /** The UTF-8 byte order mark as the ISO-8859-1 decoding below sees it. */
    private static final String UTF8_BOM = "\u00EF\u00BB\u00BF";

    private ObjReader() {}

    /** @throws IllegalArgumentException naming the file and line of a malformed vertex or face, or an invalid mesh */
    public static MeshPart read(Path file) throws IOException {
        List<Vec3> vertices = new ArrayList<>();
        List<Triangle> triangles = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            // ISO-8859-1 maps every byte to a char, so stray non-UTF-8 bytes in comments or names cannot fail the read.
            String physical;
            int number = 0;
            while ((physical = reader.readLine()) != null) {
                number++;
                if (number == 1 && physical.startsWith(UTF8_BOM)) physical = physical.substring(UTF8_BOM.length());
                String line = physical;
                while (line.endsWith("\\")) { // continued on the next line
                    String next = reader.readLine();
                    if (next == null) break;
                    number++;
                    line = line.substring(0, line.length() - 1) + " " + next;
                }
                int comment = line.indexOf('#');
                if (comment >= 0) line = line.substring(0, comment);
                String[] tokens = line.strip().split("\\s+");
                String keyword = tokens[0].toLowerCase(java.util.Locale.ROOT);
                if (keyword.equals("v")) {
                    vertices.add(vertex(tokens, file, number, line));
                } else if (keyword.equals("f")) {
                    int[] corners = new int[tokens.length - 1];
                    if (corners.length < 3) {
                        throw new IllegalArgumentException(LabelFile.where(file, number) + ": face '" + line.strip()
                                + "' has " + corners.length + " corner(s); accepted: 3 or more");
                    }
                    for (int k = 0; k < corners.length; k++) corners[k] = index(tokens[k + 1], vertices.size(), file, number);
                    for (int k = 1; k < corners.length - 1; k++) triangles.add(new Triangle(corners[0], corners[k], corners[k + 1]));
                }
            }
        }
        if (triangles.isEmpty()) {
            throw new IllegalArgumentException("OBJ file " + file + " has " + vertices.size() + " vertices but no faces ('f' lines);"
                    + " accepted: a surface mesh with at least one face");
        }
        try {
            return new MeshPart(vertices, triangles);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("OBJ file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Vec3 vertex(String[] tokens, Path file, int number, String line) {
        if (tokens.length < 4) {
            throw new IllegalArgumentException(LabelFile.where(file, number) + ": vertex '" + line.strip()
                    + "' has fewer than 3 coordinates; accepted: 'v x y z [w]'");
        }
        double[] xyz = new double[3];
        for (int k = 0; k < 3; k++) {
            try {
                xyz[k] = Double.parseDouble(tokens[k + 1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(LabelFile.where(file, number) + ": vertex coordinate '" + tokens[k + 1]
                        + "' is not a number; accepted: 'v x y z [w]'");
            }
            if (!Double.isFinite(xyz[k])) {
                throw new IllegalArgumentException(LabelFile.where(file, number) + ": vertex coordinate '" + tokens[k + 1]
                        + "' is not finite");
            }
        }
        return new Vec3(xyz[0], xyz[1], xyz[2]);
    }

    /** The 0-based vertex index of a face corner such as {@code 7}, {@code 7/2}, {@code 7//3} or {@code -1/-1/-1}. */
    private static int index(String corner, int vertexCount, Path file, int number) {
        String first = corner.split("/", -1)[0];
        int raw;
        try {
            raw = Integer.parseInt(first);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(LabelFile.where(file, number) + ": face corner '" + corner
                    + "' does not start with a vertex index; accepted: i, i/t, i//n, i/t/n");
        }
        int index = raw > 0 ? raw - 1 : vertexCount + raw;
        if (raw == 0 || index < 0 || index >= vertexCount) {
            throw new IllegalArgumentException(LabelFile.where(file, number) + ": face corner '" + corner + "' refers to vertex "
                    + raw + " but " + vertexCount + " vertices are defined so far; accepted: 1.." + vertexCount
                    + " or -1..-" + vertexCount);
        }
        return index;
    }
}
