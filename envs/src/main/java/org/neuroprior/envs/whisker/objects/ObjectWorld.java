package org.neuroprior.envs.whisker.objects;

import org.neuroprior.envs.mujoco.MjModel;

/** The smallest world the sweeps place objects in: each object on one mocap body, with the sweeps' object class. */
final class ObjectWorld {
    private ObjectWorld() {}

    /**
     * @throws IllegalArgumentException with MuJoCo's reason when it cannot compile the objects
     */
    static MjModel compile(MjcfFragment... fragments) {
        StringBuilder assets = new StringBuilder();
        StringBuilder bodies = new StringBuilder();
        for (MjcfFragment f : fragments) {
            assets.append(f.assetXml());
            bodies.append("<body mocap=\"true\">\n").append(f.geomXml()).append("</body>\n");
        }
        String xml = "<mujoco><default><default class=\"object\"><geom contype=\"1\" conaffinity=\"1\"/></default></default>\n"
                + "<asset>\n" + assets + "</asset>\n<worldbody>\n" + bodies + "</worldbody></mujoco>";
        return MjModel.fromXml(xml);
    }
}
