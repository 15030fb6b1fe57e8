package org.neuroprior.envs.whisker.objects;

import static org.junit.jupiter.api.Assertions.*;
import static org.neuroprior.envs.whisker.objects.MeshFilesTest.assertMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.envs.mujoco.MjModel;

class LabelFileCatalogTest {
    @TempDir
    Path dir;

    /** A tetrahedron stretched by {@code size} along x, so the meshes of a class are told apart by their bounds. */
    private Path tetra(String name, double size) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "v 0 0 0\nv " + size + " 0 0\nv 0 1 0\nv 0 0 1\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n");
        return file;
    }

    @Test
    void classesAreTheSortedLabelsAndDrawsPickMeshesOfTheClass() throws IOException {
        tetra("meshes/a.obj", 2);
        tetra("meshes/b.obj", 3);
        tetra("meshes/c.obj", 5);
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, """
                # my meshes
                path,label

                meshes/a.obj,zebra
                meshes/b.obj , apple
                meshes/c.obj,zebra
                """);
        ObjectCatalog catalog = ObjectCatalog.fromLabelFile(labels);
        assertEquals(List.of("apple", "zebra"), catalog.classNames());
        assertEquals(3, catalog.draw(0, new SplittableRandom(1)).boundsMax()[0]);
        Set<Double> zebraSizes = new HashSet<>();
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < 20; i++) {
            ObjectShape s = catalog.draw(1, rng);
            assertEquals("zebra", s.className());
            zebraSizes.add(s.boundsMax()[0]);
        }
        assertEquals(Set.of(2.0, 5.0), zebraSizes);
        assertEquals(catalog.draw(1, new SplittableRandom(4)), catalog.draw(1, new SplittableRandom(4)));
        ObjectShape drawn = catalog.draw(1, new SplittableRandom(4)).centeredAndScaledToDiagonal(40).rotatedAboutZ(1);
        try (MjModel model = TinyWorld.compile(drawn.toMjcf("user"))) {
            assertEquals(1, model.ngeom());
        }
        assertMessage(() -> catalog.draw(2, new SplittableRandom(0)), "class index 2", "[apple, zebra]");
    }

    @Test
    void absolutePathsAndNoHeaderWork() throws IOException {
        Path mesh = tetra("elsewhere/x.obj", 4);
        Path labels = dir.resolve("sub/labels.txt");
        Files.createDirectories(labels.getParent());
        Files.writeString(labels, mesh.toAbsolutePath() + ",thing\n");
        assertEquals(List.of("thing"), ObjectCatalog.fromLabelFile(labels).classNames());
    }

    @Test
    void badLabelFilesNameTheFileLineAndValue() throws IOException {
        tetra("ok.obj", 2);
        assertMessage(() -> ObjectCatalog.fromLabelFile(dir.resolve("absent.csv")), "absent.csv", "does not exist");
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "# nothing yet\npath,label\n\n");
        assertMessage(() -> ObjectCatalog.fromLabelFile(empty), "empty.csv", "lists no meshes", "path,label");
        Path malformed = dir.resolve("malformed.csv");
        Files.writeString(malformed, "ok.obj,cup\nok.obj;mug\n");
        assertMessage(() -> ObjectCatalog.fromLabelFile(malformed), "malformed.csv line 2", "'ok.obj;mug'", "path,label");
        Path threeFields = dir.resolve("three.csv");
        Files.writeString(threeFields, "ok.obj,cup,extra\n");
        assertMessage(() -> ObjectCatalog.fromLabelFile(threeFields), "three.csv line 1", "'ok.obj,cup,extra'");
        Path noLabel = dir.resolve("nolabel.csv");
        Files.writeString(noLabel, "ok.obj,\n");
        assertMessage(() -> ObjectCatalog.fromLabelFile(noLabel), "nolabel.csv line 1");
        Path missingMesh = dir.resolve("missing.csv");
        Files.writeString(missingMesh, "ok.obj,cup\n\nghost.obj,cup\n");
        assertMessage(() -> ObjectCatalog.fromLabelFile(missingMesh), "missing.csv line 3", "ghost.obj", "does not exist");
        Path wrongType = dir.resolve("type.csv");
        Files.writeString(dir.resolve("model.fbx"), "x");
        Files.writeString(wrongType, "model.fbx,cup\n");
        assertMessage(() -> ObjectCatalog.fromLabelFile(wrongType), "type.csv line 1", "model.fbx", ".obj, .stl");
    }

    @Test
    void everyMeshIsCheckedUpFrontAndEveryProblemIsListedAtOnce() throws IOException {
        tetra("ok.obj", 2);
        Files.writeString(dir.resolve("broken.obj"), "v 0 0 0\n");
        Files.writeString(dir.resolve("flat.obj"), "v 0 0 0\nv 10 0 0\nv 10 10 0\nv 0 10 0\nf 1 2 3 4\n");
        Files.writeString(dir.resolve("bad-index.obj"), "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n");
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "ok.obj,cup\nflat.obj,plate\nghost.obj,cup\nbroken.obj,cup\nbad-index.obj,cup\nok.obj;mug\n");
        // Line problems first (all of them), then, once the lines are right, mesh problems (all of them).
        var lines = assertThrows(IllegalArgumentException.class, () -> ObjectCatalog.fromLabelFile(labels));
        assertEquals(3, lines.getMessage().lines().count(), lines.getMessage());
        assertMessage(() -> ObjectCatalog.fromLabelFile(labels), "2 line(s) cannot be used", "labels.csv line 3", "ghost.obj",
                "labels.csv line 6", "'ok.obj;mug'");
        Files.writeString(labels, "ok.obj,cup\nflat.obj,plate\nbroken.obj,cup\nbad-index.obj,cup\n");
        var meshes = assertThrows(IllegalArgumentException.class, () -> ObjectCatalog.fromLabelFile(labels));
        assertEquals(4, meshes.getMessage().lines().count(), meshes.getMessage());
        assertMessage(() -> ObjectCatalog.fromLabelFile(labels), "3 of 4 meshes cannot be used",
                "labels.csv line 2: ", "flat.obj", "flat",
                "labels.csv line 3: ", "broken.obj", "no faces",
                "labels.csv line 4: ", "bad-index.obj", "vertex 9");
    }

    @Test
    void theFlatMeshesTheCheckRefusesAreOnesMuJoCoRefuses() throws IOException {
        // MuJoCo 2.2.2 builds a mesh's convex hull with qhull, which fails on coplanar, collinear or coincident points,
        // and refuses fewer than 4 vertices and a hull of (almost) no volume.
        for (String vertices : new String[] {"0 0 0 10 0 0 10 10 0 0 10 0", "0 0 0 1 0 0 2 0 0 3 0 0", "1 1 1 1 1 1 1 1 1 1 1 1",
                "0 0 0 10 0 0 0 10 0", "0 0 0 1e-6 0 0 0 1e-6 0 0 0 1e-6"}) {
            var fragment = new MjcfFragment("<mesh name=\"m\" vertex=\"" + vertices + "\"/>", "<geom type=\"mesh\" mesh=\"m\"/>",
                    java.util.Map.of());
            var refused = assertThrows(IllegalArgumentException.class, () -> TinyWorld.compile(fragment).close(), vertices);
            assertTrue(refused.getMessage().contains("qhull error") || refused.getMessage().contains("at least 4")
                    || refused.getMessage().contains("volume is too small"), refused.getMessage());
        }
        Path flat = dir.resolve("flat.stl");
        Files.writeString(flat, "solid flat\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 10 0 0\nvertex 10 10 0\nendloop\n"
                + "endfacet\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 10 10 0\nvertex 0 10 0\nendloop\nendfacet\nendsolid\n");
        assertMessage(() -> MeshFiles.check(flat), "flat.stl", "flat");
        // A thin but solid mesh is something MuJoCo can use, and the check lets it through.
        Path thin = dir.resolve("thin.obj");
        Files.writeString(thin, "v 0 0 0\nv 10 0 0\nv 0 10 0\nv 3 3 0.001\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n");
        MeshFiles.check(thin);
    }
}
