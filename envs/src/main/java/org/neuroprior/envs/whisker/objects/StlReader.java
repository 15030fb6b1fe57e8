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
 * Reads STL, binary or ASCII, the way common tools do (MeshLab, trimesh, PrusaSlicer):
 *
 * <ul>
 *   <li>Binary: an 80-byte header, a little-endian uint32 triangle count, then 50 bytes per triangle (normal, three
 *       corners as float32, a 2-byte attribute). The count is authoritative: bytes after the last triangle (padding
 *       some exporters add) are ignored. A binary header may itself begin with "solid".</li>
 *   <li>ASCII: {@code solid ... facet normal ... outer loop, vertex x y z (three), endloop, endfacet ... endsolid};
 *       keywords in any case, several solids in one file allowed.</li>
 * </ul>
 *
 * A file whose length is exactly 84 + 50 x count is binary; otherwise one that begins with "solid" and reads as
 * text is ASCII; otherwise it is binary if it is at least 84 + 50 x count bytes long. Anything else is refused with
 * the reason (e.g. a binary file shorter than its count says). STL repeats each corner per triangle; identical
 * corners are merged into one vertex.
 */
public final class StlReader {
    private static final int HEADER = 80;
    private static final int TRIANGLE_RECORD = 50;
    private static final int COUNT_END = HEADER + 4;

    private StlReader() {}

    /** @throws IllegalArgumentException naming the file (and line or triangle) and why it is not a valid mesh */
    public static MeshPart read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        MeshBuilder mesh = switch (format(bytes, file)) {
            case BINARY -> readBinary(bytes, file);
            case ASCII -> readAscii(bytes, file);
        };
        try {
            return mesh.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("STL file " + file + ": " + e.getMessage(), e);
        }
    }

    private enum Format { BINARY, ASCII }

    private static Format format(byte[] bytes, Path file) {
        long count = bytes.length < COUNT_END ? -1
                : Integer.toUnsignedLong(ByteBuffer.wrap(bytes, HEADER, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        long binaryLength = COUNT_END + TRIANGLE_RECORD * count;
        if (count >= 0 && bytes.length == binaryLength) return Format.BINARY;
        if (startsWithSolid(bytes) && isText(bytes)) return Format.ASCII;
        if (count >= 0 && bytes.length > binaryLength) return Format.BINARY; // trailing bytes after the triangles
        if (count < 0) {
            throw new IllegalArgumentException("STL file " + file + " has " + bytes.length + " bytes: too short for a binary STL (at least "
                    + COUNT_END + ": an 80-byte header and a triangle count) and not ASCII (first word 'solid')");
        }
        throw new IllegalArgumentException("STL file " + file + " is not ASCII (" + (startsWithSolid(bytes)
                ? "it begins with 'solid' but holds bytes that are not text" : "its first word is not 'solid'")
                + "), and as a binary STL it is truncated: its header counts " + count + " triangles, which need " + binaryLength
                + " bytes (84 + 50 x " + count + "), but the file has " + bytes.length);
    }

    private static boolean startsWithSolid(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) i++;
        return bytes.length - i >= 5 && new String(bytes, i, 5, StandardCharsets.ISO_8859_1).equalsIgnoreCase("solid");
    }

    /** Text: no NUL and no other control byte than tab, line feed, carriage return, form feed. */
    private static boolean isText(byte[] bytes) {
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') return false;
        }
        return true;
    }

    private static MeshBuilder readBinary(byte[] bytes, Path file) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int count = buffer.getInt(HEADER); // fits the file, so far below 2^31
        if (count == 0) throw new IllegalArgumentException("binary STL file " + file + ": its header counts 0 triangles");
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
        MeshBuilder mesh = new MeshBuilder();
        int[] corners = new int[3];
        int cornerCount = 0;
        for (int i = 0; i < lines.length; i++) {
            String[] tokens = lines[i].strip().split("\\s+");
            String keyword = tokens[0].toLowerCase(java.util.Locale.ROOT);
            if (keyword.equals("vertex")) {
                if (tokens.length != 4 || cornerCount == 3) {
                    throw new IllegalArgumentException(LabelFile.where(file, i + 1) + ": malformed vertex '" + lines[i].strip()
                            + "'; accepted: 'vertex x y z', three per facet");
                }
                corners[cornerCount++] = mesh.vertex(asciiVertex(tokens, file, i + 1));
            } else if (keyword.equals("endloop")) {
                if (cornerCount != 3) {
                    throw new IllegalArgumentException(LabelFile.where(file, i + 1) + ": facet has " + cornerCount
                            + " vertices; accepted: 3");
                }
                mesh.triangle(corners);
                cornerCount = 0;
            }
        }
        if (mesh.triangles.isEmpty()) {
            throw new IllegalArgumentException("ASCII STL file " + file + " (first word 'solid') has no facets: no 'outer loop,"
                    + " vertex x y z (three times), endloop' in its " + lines.length + " lines");
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
