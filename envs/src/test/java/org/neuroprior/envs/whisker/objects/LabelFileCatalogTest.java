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
        // A mesh that exists but is broken fails when drawn, naming the label-file line and the mesh.
        Files.writeString(dir.resolve("broken.obj"), "v 0 0 0\n");
        Path broken = dir.resolve("broken.csv");
        Files.writeString(broken, "broken.obj,cup\n");
        ObjectCatalog catalog = ObjectCatalog.fromLabelFile(broken);
        assertMessage(() -> catalog.draw(0, new SplittableRandom(0)), "broken.csv line 1", "broken.obj", "no triangles");
    }
}
