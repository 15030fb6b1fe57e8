package org.neuroprior.envs.whisker.objects;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.neuroprior.envs.whisker.objects.MeshPart.Triangle;

/**
 * Reads STL, binary or ASCII. A file is binary when its length is exactly 84 + 50 x (the triangle count in bytes
 * 80-83), since some binary files also begin with "solid"; otherwise it must be ASCII ({@code solid ... facet ...
 * vertex x y z ... endsolid}). STL repeats each corner per triangle; identical corners are merged into one vertex.
 */
public final class StlReader {
    private static final int HEADER = 80;
    private static final int TRIANGLE_RECORD = 50;

    private StlReader() {}

    /** @throws IllegalArgumentException naming the file (and line or triangle) when it is not a valid mesh */
    public static MeshPart read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        MeshBuilder mesh = isBinary(bytes) ? readBinary(bytes, file) : readAscii(bytes, file);
        try {
            return mesh.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("STL file " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isBinary(byte[] bytes) {
        if (bytes.length < HEADER + 4) return false;
        long count = Integer.toUnsignedLong(ByteBuffer.wrap(bytes, HEADER, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        return bytes.length == HEADER + 4 + TRIANGLE_RECORD * count;
    }

    private static MeshBuilder readBinary(byte[] bytes, Path file) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int count = buffer.getInt(HEADER);
        MeshBuilder mesh = new MeshBuilder();
        for (int t = 0; t < count; t++) {
            int base = HEADER + 4 + t * TRIANGLE_RECORD + 12; // skip the facet normal: MuJoCo does not need it
            int[] corners = new int[3];
            for (int k = 0; k < 3; k++) {
                int at = base + 12 * k;
                Vec3 v = new Vec3(buffer.getFloat(at), buffer.getFloat(at + 4), buffer.getFloat(at + 8));
                if (!v.isFinite()) {
                    throw new IllegalArgumentException("binary STL file " + file + ": triangle " + t + " has a non-finite vertex " + v);
                }
                corners[k] = mesh.vertex(v);
            }
            mesh.triangle(corners);
        }
        return mesh;
    }

    private static MeshBuilder readAscii(byte[] bytes, Path file) {
        String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\\R");
        if (lines.length == 0 || !lines[0].strip().startsWith("solid")) {
            throw new IllegalArgumentException("STL file " + file + " is neither binary (84 + 50 x triangles bytes) nor ASCII"
                    + " (first line 'solid ...')");
        }
        MeshBuilder mesh = new MeshBuilder();
        int[] corners = new int[3];
        int cornerCount = 0;
        for (int i = 0; i < lines.length; i++) {
            String[] tokens = lines[i].strip().split("\\s+");
            if (tokens[0].equals("vertex")) {
                if (tokens.length != 4 || cornerCount == 3) {
                    throw new IllegalArgumentException(LabelFile.where(file, i + 1) + ": malformed vertex '" + lines[i].strip()
                            + "'; accepted: 'vertex x y z', three per facet");
                }
                corners[cornerCount++] = mesh.vertex(asciiVertex(tokens, file, i + 1));
            } else if (tokens[0].equals("endloop")) {
                if (cornerCount != 3) {
                    throw new IllegalArgumentException(LabelFile.where(file, i + 1) + ": facet has " + cornerCount
                            + " vertices; accepted: 3");
                }
                mesh.triangle(corners);
                cornerCount = 0;
            }
        }
        return mesh;
    }

    private static Vec3 asciiVertex(String[] tokens, Path file, int line) {
        double[] xyz = new double[3];
        for (int k = 0; k < 3; k++) {
            try {
                xyz[k] = Double.parseDouble(tokens[k + 1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(LabelFile.where(file, line) + ": vertex coordinate '" + tokens[k + 1]
                        + "' is not a number");
            }
            if (!Double.isFinite(xyz[k])) {
                throw new IllegalArgumentException(LabelFile.where(file, line) + ": vertex coordinate '" + tokens[k + 1] + "' is not finite");
            }
        }
        return new Vec3(xyz[0], xyz[1], xyz[2]);
    }

    /** Collects triangles, merging bit-identical corners. */
    private static final class MeshBuilder {
        private final List<Vec3> vertices = new ArrayList<>();
        private final Map<Vec3, Integer> indexOf = new HashMap<>();
        private final List<Triangle> triangles = new ArrayList<>();

        int vertex(Vec3 v) {
            return indexOf.computeIfAbsent(v, key -> {
                vertices.add(key);
                return vertices.size() - 1;
            });
        }

        void triangle(int[] corners) {
            triangles.add(new Triangle(corners[0], corners[1], corners[2]));
        }

        MeshPart build() {
            return new MeshPart(vertices, triangles);
        }
    }
}
