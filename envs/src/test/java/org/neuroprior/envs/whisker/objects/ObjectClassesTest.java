package org.neuroprior.envs.whisker.objects;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.mujoco.MjModel;
import org.neuroprior.envs.mujoco.MjObject;

class ObjectClassesTest {
    private static final int SEEDS = 4;

    @Test
    void offersAtLeastTenDistinctClasses() {
        List<String> names = ObjectClasses.names();
        assertTrue(names.size() >= 10, names.toString());
        assertEquals(names.size(), names.stream().distinct().count());
        assertEquals(List.of("ellipsoid", "box", "cylinder", "cone", "pyramid", "prism", "wedge", "superellipsoid", "torus",
                "dumbbell", "l_bracket", "table", "cross", "star", "mug"), names);
    }

    @Test
    void everyClassCompilesInMuJoCoWithOneGeomPerPart() {
        for (String name : ObjectClasses.names()) {
            for (int seed = 0; seed < SEEDS; seed++) {
                ObjectShape shape = ObjectClasses.generate(name, new SplittableRandom(seed)).centeredAndScaledToDiagonal(40);
                assertEquals(name, shape.className());
                long meshes = shape.parts().stream().filter(p -> p instanceof MeshPart).count();
                try (MjModel model = TinyWorld.compile(shape.toMjcf("obj"))) {
                    assertEquals(shape.parts().size(), model.ngeom(), name + " seed " + seed);
                    assertEquals(meshes, model.raw().nmesh(), name + " seed " + seed);
                    assertTrue(model.findId(MjObject.GEOM, "obj_geom0") >= 0);
                }
            }
        }
    }

    /** MuJoCo re-centres a mesh on its centre of mass; the geom frame must put it back where the vertices say. */
    @Test
    void compiledGeometryLiesWhereTheShapeSays() {
        for (String name : ObjectClasses.names()) {
            ObjectShape shape = ObjectClasses.generate(name, new SplittableRandom(7)).centeredAndScaledToDiagonal(40).rotatedAboutZ(0.4);
            try (MjModel model = TinyWorld.compile(shape.toMjcf("o"))) {
                for (int g = 0; g < shape.parts().size(); g++) {
                    ShapePart part = shape.parts().get(g);
                    if (part instanceof MeshPart) {
                        Vec3 lo = TinyWorld.meshVertices(model, g).stream().reduce(Vec3::min).orElseThrow();
                        Vec3 hi = TinyWorld.meshVertices(model, g).stream().reduce(Vec3::max).orElseThrow();
                        // MuJoCo stores vertices as floats: about 1e-6 relative of 40 mm.
                        assertArrayEquals(part.lowerCorner().toArray(), lo.toArray(), 1e-4, name);
                        assertArrayEquals(part.upperCorner().toArray(), hi.toArray(), 1e-4, name);
                    } else if (part instanceof Primitive p) {
                        for (int k = 0; k < 3; k++) {
                            assertEquals(p.position().get(k), model.raw().geom_pos().get(3L * g + k), 1e-9, name);
                            if (k < p.type().sizeCount) assertEquals(p.size().get(k), model.raw().geom_size().get(3L * g + k), 1e-9, name);
                        }
                        double[] q = new double[4];
                        for (int k = 0; k < 4; k++) q[k] = model.raw().geom_quat().get(4L * g + k);
                        Vec3 z = TinyWorld.rotate(q, new Vec3(0, 0, 1));
                        assertArrayEquals(p.orientation().zAxis().toArray(), z.toArray(), 1e-9, name);
                    }
                }
            }
        }
    }

    @Test
    void sameRandomStateGivesTheSameShape() {
        for (String name : ObjectClasses.names()) {
            ObjectShape a = ObjectClasses.generate(name, new SplittableRandom(42));
            ObjectShape b = ObjectClasses.generate(name, new SplittableRandom(42));
            assertEquals(a, b, name);
            assertEquals(a.toMjcf("x").geomXml(), b.toMjcf("x").geomXml());
            assertEquals(a.toMjcf("x").assetXml(), b.toMjcf("x").assetXml());
        }
    }

    @Test
    void successiveDrawsDifferInTheirParameters() {
        for (String name : ObjectClasses.names()) {
            SplittableRandom rng = new SplittableRandom(3);
            ObjectShape first = ObjectClasses.generate(name, rng);
            ObjectShape second = ObjectClasses.generate(name, rng);
            assertFalse(first.shapeParameters().isEmpty(), name);
            assertNotEquals(first.shapeParameters(), second.shapeParameters(), name);
            assertNotEquals(first.parts(), second.parts(), name);
        }
    }

    @Test
    void partCountsFollowTheDrawnParameters() {
        for (int seed = 0; seed < 10; seed++) {
            ObjectShape torus = ObjectClasses.generate("torus", new SplittableRandom(seed));
            assertEquals(torus.shapeParameters().get("pieces").intValue(), torus.parts().size());
            ObjectShape star = ObjectClasses.generate("star", new SplittableRandom(seed));
            assertEquals(star.shapeParameters().get("points").intValue() + 1, star.parts().size());
            ObjectShape table = ObjectClasses.generate("table", new SplittableRandom(seed));
            assertEquals(table.shapeParameters().get("legs").intValue() + 1, table.parts().size());
            ObjectShape pyramid = ObjectClasses.generate("pyramid", new SplittableRandom(seed));
            assertEquals(pyramid.shapeParameters().get("sides").intValue() + 1, ((MeshPart) pyramid.parts().get(0)).vertices().size());
        }
    }

    @Test
    void anUnknownClassIsRejectedWithTheKnownNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> ObjectClasses.generate("teapot", new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("'teapot'"), e.getMessage());
        assertTrue(e.getMessage().contains("l_bracket") && e.getMessage().contains("mug"), e.getMessage());
    }

    @Test
    void proceduralCatalogKeepsTheCallersOrderAndRejectsBadNames() {
        ObjectCatalog catalog = ObjectCatalog.procedural(List.of("mug", "box"));
        assertEquals(List.of("mug", "box"), catalog.classNames());
        assertEquals("box", catalog.draw(1, new SplittableRandom(0)).className());
        assertEquals(ObjectClasses.generate("mug", new SplittableRandom(5)), catalog.draw(0, new SplittableRandom(5)));
        var unknown = assertThrows(IllegalArgumentException.class, () -> ObjectCatalog.procedural(List.of("box", "chair")));
        assertTrue(unknown.getMessage().contains("'chair'") && unknown.getMessage().contains("ellipsoid"), unknown.getMessage());
        var twice = assertThrows(IllegalArgumentException.class, () -> ObjectCatalog.procedural(List.of("box", "box")));
        assertTrue(twice.getMessage().contains("'box'"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ObjectCatalog.procedural(List.of()));
        var index = assertThrows(IllegalArgumentException.class, () -> catalog.draw(2, new SplittableRandom(0)));
        assertTrue(index.getMessage().contains("2") && index.getMessage().contains("0..1"), index.getMessage());
    }
}
