package org.neuroprior.envs.whisker.objects;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A rigid object in its own frame (millimetres): the class it was drawn from, its parts, and the shape parameters
 * that were drawn (for the record; the parts alone define the geometry). Immutable.
 */
public record ObjectShape(String className, List<ShapePart> parts, Map<String, Double> shapeParameters) {
    private static final Pattern NAME_PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    public ObjectShape {
        if (className == null || className.isBlank()) throw new IllegalArgumentException("object class name is empty");
        parts = List.copyOf(parts);
        if (parts.isEmpty()) throw new IllegalArgumentException("object of class '" + className + "' has no parts");
        // Insertion order is kept so that printed parameters read in the order the generator drew them.
        shapeParameters = Collections.unmodifiableMap(new LinkedHashMap<>(shapeParameters));
    }

    public double[] boundsMin() {
        return lower().toArray();
    }

    public double[] boundsMax() {
        return upper().toArray();
    }

    /** Length of the bounding box's diagonal (mm): the "size" a sweep sets. */
    public double diagonal() {
        return upper().minus(lower()).norm();
    }

    /** Moves the bounding box's centre to the origin and scales uniformly so that {@link #diagonal()} is {@code diagonalMm}. */
    public ObjectShape centeredAndScaledToDiagonal(double diagonalMm) {
        if (!(diagonalMm > 0) || !Double.isFinite(diagonalMm)) {
            throw new IllegalArgumentException("diagonal " + diagonalMm + " mm is not allowed; accepted: a finite number > 0");
        }
        double scale = diagonalMm / diagonal();
        Vec3 centre = lower().plus(upper()).times(0.5);
        return transformed(new Similarity(scale, Rotation.IDENTITY, centre.times(-scale)));
    }

    /** Rotates every part about the z axis through the origin (counter-clockwise seen from +z). */
    public ObjectShape rotatedAboutZ(double radians) {
        if (!Double.isFinite(radians)) throw new IllegalArgumentException("rotation " + radians + " rad is not finite");
        return transformed(Similarity.rotation(Rotation.aboutZ(radians)));
    }

    public ObjectShape transformed(Similarity transform) {
        return new ObjectShape(className, parts.stream().map(p -> p.transformed(transform)).toList(), shapeParameters);
    }

    /**
     * The object as MJCF: meshes inline (vertices only; MuJoCo 2.2.2 builds their convex hull, which is what it
     * collides anyway, and this spares user meshes its face-orientation check), geoms with {@code class="object"}.
     * Names are {@code prefix_mesh<i>} and {@code prefix_geom<i>}.
     */
    public MjcfFragment toMjcf(String prefix) {
        if (prefix == null || !NAME_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("MJCF name prefix '" + prefix + "' is not allowed; accepted: " + NAME_PREFIX.pattern());
        }
        StringBuilder assets = new StringBuilder();
        StringBuilder geoms = new StringBuilder();
        int meshes = 0;
        for (int i = 0; i < parts.size(); i++) {
            String geomName = prefix + "_geom" + i;
            if (parts.get(i) instanceof Primitive p) {
                geoms.append("<geom class=\"object\" name=\"").append(geomName).append("\" type=\"").append(p.type().mjcfName)
                        .append("\" size=\"").append(numbers(p.size().toArray(), p.type().sizeCount))
                        .append("\" pos=\"").append(numbers(p.position().toArray(), 3))
                        .append("\" xyaxes=\"").append(numbers(p.orientation().xAxis().toArray(), 3)).append(' ')
                        .append(numbers(p.orientation().yAxis().toArray(), 3)).append("\"/>\n");
            } else if (parts.get(i) instanceof MeshPart m) {
                String meshName = prefix + "_mesh" + meshes++;
                assets.append("<mesh name=\"").append(meshName).append("\" vertex=\"");
                List<Vec3> vertices = m.referencedVertices();
                for (int v = 0; v < vertices.size(); v++) {
                    if (v > 0) assets.append("  ");
                    assets.append(numbers(vertices.get(v).toArray(), 3));
                }
                assets.append("\"/>\n");
                geoms.append("<geom class=\"object\" name=\"").append(geomName).append("\" type=\"mesh\" mesh=\"")
                        .append(meshName).append("\"/>\n");
            }
        }
        return new MjcfFragment(assets.toString(), geoms.toString(), Map.of());
    }

    private static String numbers(double[] values, int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) s.append(' ');
            // Shortest text that reads back as the same double; MuJoCo parses the exponent form too.
            s.append(values[i] == 0 ? "0" : Double.toString(values[i]).toLowerCase(Locale.ROOT));
        }
        return s.toString();
    }

    private Vec3 lower() {
        return parts.stream().map(ShapePart::lowerCorner).reduce(Vec3::min).orElseThrow();
    }

    private Vec3 upper() {
        return parts.stream().map(ShapePart::upperCorner).reduce(Vec3::max).orElseThrow();
    }
}
