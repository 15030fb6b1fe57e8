package org.neuroprior.envs.whisker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one object moves past the array (whisker.md's sweep parameters).
 *
 * @param speed       mm/s, constant for the whole sweep
 * @param size        the object's bounding-box diagonal after scaling, mm
 * @param rotation    rotation of the object about the vertical (z) axis before the sweep, degrees
 * @param height      offset of the path from the array's centre, perpendicular to the sweep direction, mm
 * @param distance    gap between the most lateral whisker base and the object's nearest face, mm
 * @param direction   direction of motion in the plane facing the array: 0 rostral, 90 dorsal, 180 caudal,
 *                    270 ventral, degrees
 */
public record SweepParameters(double speed, double size, double rotation, double height, double distance,
                              double direction) {

    public SweepParameters {
        SweepProtocol.Parameter.SPEED.check(speed);
        SweepProtocol.Parameter.SIZE.check(size);
        SweepProtocol.Parameter.ROTATION.check(rotation);
        SweepProtocol.Parameter.HEIGHT.check(height);
        SweepProtocol.Parameter.DISTANCE.check(distance);
        SweepProtocol.Parameter.DIRECTION.check(direction);
    }

    /** The parameters by name (stable order), as written into a dataset's metadata. */
    public Map<String, Object> asMap() {
        var map = new LinkedHashMap<String, Object>();
        map.put("speed_mm_per_s", speed);
        map.put("size_mm", size);
        map.put("rotation_deg", rotation);
        map.put("height_mm", height);
        map.put("distance_mm", distance);
        map.put("direction_deg", direction);
        return map;
    }
}
