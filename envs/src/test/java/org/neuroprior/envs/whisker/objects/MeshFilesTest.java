package org.neuroprior.envs.whisker.objects;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.envs.mujoco.MjModel;

class MeshFilesTest {
    @TempDir
    Path dir;

    /** A 2 x 4 x 6 box from (1, 2, 3) as six quads, written with positive, slashed and negative indices. */
    private static final String BOX_OBJ = """
            # a box
            mtllib box.mtl
            o box
            v 1 2 3
            v 3 2 3
            v 3 6 3
            v 1 6 3
            vt 0 0
            vn 0 0 1
            v 1 2 9
            v 3 2 9
            v 3 6 9
            v 1 6 9 1.0
            g sides
            usemtl grey
            s off
            f 1 4 3 2
            f 5/1 6/1 7/1 8/1
            f 1//1 2//1 6//1 5//1
            f 2/1/1 3/1/1 7/1/1 6/1/1
            f -5 -1 -2 -6
            f -8 -4 -1 -5
            """;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsObjQuadsAndEveryIndexForm() throws IOException {
        MeshPart box = MeshFiles.read(write("box.obj", BOX_OBJ));
        assertEquals(8, box.vertices().size());
        assertEquals(12, box.triangles().size());
        assertEquals(new Vec3(1, 2, 3), box.lowerCorner());
        assertEquals(new Vec3(3, 6, 9), box.upperCorner());
        // Quad "f 1 4 3 2" is split as a fan from its first corner; "-5 -1 -2 -6" after 8 vertices is 4 8 7 3.
        assertEquals(new MeshPart.Triangle(0, 3, 2), box.triangles().get(0));
        assertEquals(new MeshPart.Triangle(0, 2, 1), box.triangles().get(1));
        assertEquals(new MeshPart.Triangle(3, 7, 6), box.triangles().get(8));
        // Every vertex used by the faces, each appearing in exactly 3 quads = 4 or 5 triangles of a box.
        int[] uses = new int[8];
        for (var t : box.triangles()) { uses[t.a()]++; uses[t.b()]++; uses[t.c()]++; }
        assertEquals(36, java.util.Arrays.stream(uses).sum());
        for (int u : uses) assertTrue(u >= 3, java.util.Arrays.toString(uses));
        // And MuJoCo takes it.
        ObjectShape shape = new ObjectShape("box", List.of(box), Map.of()).centeredAndScaledToDiagonal(30);
        try (MjModel model = TinyWorld.compile(shape.toMjcf("user"))) {
            assertEquals(1, model.raw().nmesh());
        }
    }

    private static final List<Vec3> TETRA = List.of(new Vec3(0, 0, 0), new Vec3(10, 0, 0), new Vec3(0, 20, 0), new Vec3(0, 0, 30));
    private static final int[][] TETRA_FACES = {{0, 2, 1}, {0, 1, 3}, {0, 3, 2}, {1, 2, 3}};

    private static String asciiStl() {
        StringBuilder s = new StringBuilder("solid tetra\n");
        for (int[] f : TETRA_FACES) {
            s.append("  facet normal 0 0 0\n    outer loop\n");
            for (int i : f) s.append("      vertex ").append(TETRA.get(i).x()).append(' ').append(TETRA.get(i).y()).append(' ')
                    .append(TETRA.get(i).z()).append('\n');
            s.append("    endloop\n  endfacet\n");
        }
        return s.append("endsolid tetra\n").toString();
    }

    private static byte[] binaryStl(String header, float poison) {
        ByteBuffer b = ByteBuffer.allocate(84 + 50 * TETRA_FACES.length).order(ByteOrder.LITTLE_ENDIAN);
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        b.put(h, 0, Math.min(80, h.length)).position(80);
        b.putInt(TETRA_FACES.length);
        for (int[] f : TETRA_FACES) {
            b.putFloat(0).putFloat(0).putFloat(0);
            for (int i : f) b.putFloat((float) TETRA.get(i).x() + poison).putFloat((float) TETRA.get(i).y()).putFloat((float) TETRA.get(i).z());
            b.putShort((short) 0);
        }
        return b.array();
    }

    @Test
    void readsAsciiAndBinaryStlToTheSameMesh() throws IOException {
        MeshPart ascii = MeshFiles.read(write("t.stl", asciiStl()));
        Path binFile = dir.resolve("t_bin.STL");
        // A binary header that starts with "solid", as some exporters write, must still be read as binary.
        Files.write(binFile, binaryStl("solid but binary", 0));
        MeshPart binary = MeshFiles.read(binFile);
        for (MeshPart m : List.of(ascii, binary)) {
            assertEquals(4, m.vertices().size(), "repeated corners are merged");
            assertEquals(4, m.triangles().size());
            assertEquals(new Vec3(0, 0, 0), m.lowerCorner());
            assertEquals(new Vec3(10, 20, 30), m.upperCorner());
            // Vertices are numbered in order of first appearance: the first facet is corners 0, 2, 1.
            assertEquals(List.of(TETRA.get(0), TETRA.get(2), TETRA.get(1), TETRA.get(3)), m.vertices());
            assertEquals(new MeshPart.Triangle(0, 1, 2), m.triangles().get(0));
        }
        assertEquals(ascii, binary);
    }

    /** A binary STL of the tetrahedron followed by {@code trailing} bytes of {@code fill}. */
    private Path binaryWithTrailingBytes(String name, String header, int trailing, byte fill) throws IOException {
        byte[] stl = binaryStl(header, 0);
        byte[] padded = java.util.Arrays.copyOf(stl, stl.length + trailing);
        java.util.Arrays.fill(padded, stl.length, padded.length, fill);
        Path file = dir.resolve(name);
        Files.write(file, padded);
        return file;
    }

    @Test
    void binaryStlWithTrailingBytesIsReadAsOtherToolsReadIt() throws IOException {
        MeshPart expected = MeshFiles.read(write("t.stl", asciiStl()));
        // Padding after the triangles, as some exporters write: the count in the header says where the mesh ends.
        assertEquals(expected, MeshFiles.read(binaryWithTrailingBytes("padded.stl", "exported by a CAD tool", 92, (byte) 0)));
        // The same with a header that starts with "solid": binary all the same (NUL bytes are not text).
        assertEquals(expected, MeshFiles.read(binaryWithTrailingBytes("solid-padded.stl", "solid part", 92, (byte) 0)));
        assertEquals(expected, MeshFiles.read(binaryWithTrailingBytes("solid-exact.stl", "solid part", 0, (byte) 0)));
    }

    @Test
    void refusedStlFilesSayExactlyWhy() throws IOException {
        Path truncated = dir.resolve("truncated.stl");
        Files.write(truncated, java.util.Arrays.copyOf(binaryStl("part", 0), 84 + 50 * 3 + 10));
        assertMessage(() -> MeshFiles.read(truncated), "truncated.stl", "first word is not 'solid'", "counts 4 triangles",
                "need 284 bytes", "has 244");
        Path solidTruncated = dir.resolve("solid-truncated.stl");
        Files.write(solidTruncated, java.util.Arrays.copyOf(binaryStl("solid part", 0), 200));
        assertMessage(() -> MeshFiles.read(solidTruncated), "solid-truncated.stl", "not text", "counts 4 triangles");
        Path noTriangles = dir.resolve("zero.stl");
        ByteBuffer zero = ByteBuffer.allocate(84).order(ByteOrder.LITTLE_ENDIAN);
        Files.write(noTriangles, zero.array());
        assertMessage(() -> MeshFiles.read(noTriangles), "zero.stl", "counts 0 triangles");
        assertMessage(() -> MeshFiles.read(write("tiny.stl", "solid")), "tiny.stl", "no facets");
    }

    @Test
    void asciiStlAndObjAsExportersWriteThem() throws IOException {
        MeshPart expected = MeshFiles.read(write("t.stl", asciiStl()));
        // Upper-case keywords, CRLF line ends, two solids in one file.
        String upper = asciiStl().toUpperCase(java.util.Locale.ROOT).replace("\n", "\r\n");
        assertEquals(expected, MeshFiles.read(write("upper.stl", upper)));
        MeshPart box = MeshFiles.read(write("box.obj", BOX_OBJ));
        // A byte order mark, vertex colours, comments after statements, a continued line, tabs, CRLF.
        String exported = "\uFEFFv 1 2 3 0.5 0.5 0.5\n" + BOX_OBJ.lines().skip(4).map(l -> l.startsWith("f ") ? l + " # a face" : l)
                .collect(java.util.stream.Collectors.joining("\r\n")).replace("v 3 2 3", "v\t3 2 \\\n3");
        MeshPart read = MeshFiles.read(write("exported.obj", exported));
        assertEquals(box, read);
    }

    /**
     * MuJoCo 2.2.2 rejects a mesh with faces in a body (where it computes mesh inertia) when the faces are
     * inconsistently oriented ("faces have inconsistent orientation");
     * common in user files. Meshes go to MuJoCo as vertices only, so it builds the hull itself and such files work.
     */
    @Test
    void aUserMeshWithInconsistentWindingStillCompiles() throws IOException {
        MeshPart sloppy = MeshFiles.read(write("sloppy.obj", "v 0 0 0\nv 10 0 0\nv 0 10 0\nv 0 0 10\nf 1 2 3\nf 1 2 4\nf 1 4 3\nf 2 3 4\n"));
        ObjectShape shape = new ObjectShape("sloppy", List.of(sloppy), Map.of());
        try (MjModel model = TinyWorld.compile(shape.toMjcf("s"))) {
            List<Vec3> compiled = TinyWorld.meshVertices(model, 0);
            assertEquals(4, compiled.size());
            assertArrayEquals(new double[] {10, 10, 10}, compiled.stream().reduce(Vec3::max).orElseThrow().toArray(), 1e-5);
        }
        var withFaces = assertThrows(IllegalArgumentException.class, () -> MjModel.fromXml(
                "<mujoco><asset><mesh name=\"m\" vertex=\"0 0 0 10 0 0 0 10 0 0 0 10\" face=\"0 1 2 0 1 3 0 3 2 1 2 3\"/></asset>"
                        + "<worldbody><body mocap=\"true\"><geom type=\"mesh\" mesh=\"m\"/></body></worldbody></mujoco>"));
        assertTrue(withFaces.getMessage().contains("inconsistent orientation"), withFaces.getMessage());
    }

    @Test
    void badMeshFilesNameTheFileAndWhatIsWrong() throws IOException {
        Path missing = dir.resolve("nowhere.obj");
        assertMessage(() -> MeshFiles.read(missing), "nowhere.obj", "does not exist");
        Path directory = Files.createDirectory(dir.resolve("folder.obj"));
        assertMessage(() -> MeshFiles.read(directory), "folder.obj", "not readable");
        assertMessage(() -> MeshFiles.read(write("shape.ply", "ply\n")), "shape.ply", ".obj, .stl");
        assertMessage(() -> MeshFiles.read(write("empty.obj", "# only a comment\nv 0 0 0\n")), "empty.obj", "1 vertices but no faces");
        assertMessage(() -> MeshFiles.read(write("nan.obj", "v 0 0 0\nv 1 0 0\nv NaN 1 0\nf 1 2 3\n")), "nan.obj line 3", "'NaN'");
        assertMessage(() -> MeshFiles.read(write("word.obj", "v 0 zero 0\n")), "word.obj line 1", "'zero'");
        assertMessage(() -> MeshFiles.read(write("short.obj", "v 0 0\n")), "short.obj line 1", "v x y z");
        assertMessage(() -> MeshFiles.read(write("index.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n")), "index.obj line 4", "'4'");
        assertMessage(() -> MeshFiles.read(write("neg.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf -1 -2 -4\n")), "neg.obj line 4", "-1..-3");
        assertMessage(() -> MeshFiles.read(write("edge.obj", "v 0 0 0\nv 1 0 0\nf 1 2\n")), "edge.obj line 3", "3 or more");
        assertMessage(() -> MeshFiles.read(write("flat.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n")), "flat.obj", "flat");
        assertMessage(() -> MeshFiles.read(write("empty.stl", "solid nothing\nendsolid nothing\n")), "empty.stl", "no facets");
        assertMessage(() -> MeshFiles.read(write("nan.stl", asciiStl().replaceFirst("vertex 10.0", "vertex nan"))), "nan.stl line", "'nan'");
        assertMessage(() -> MeshFiles.read(write("junk.stl", "not an stl")), "junk.stl", "too short for a binary STL", "not ASCII");
        Path binaryNaN = dir.resolve("nan_bin.stl");
        Files.write(binaryNaN, binaryStl("x", Float.NaN));
        assertMessage(() -> MeshFiles.read(binaryNaN), "nan_bin.stl", "triangle 0");
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String... fragments) {
        var e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' missing from: " + e.getMessage());
    }
}
