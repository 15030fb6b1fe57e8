package org.neuroprior.envs.whisker.objects;

import java.util.Map;

/**
 * An object as MJCF pieces: {@code assetXml} holds {@code <mesh>} elements for the model's {@code <asset>};
 * {@code geomXml} holds {@code <geom class="object" .../>} elements for a body the caller creates (the sweep's mocap
 * body); {@code files} holds in-memory asset files the XML refers to (empty here: meshes are written inline).
 */
public record MjcfFragment(String assetXml, String geomXml, Map<String, byte[]> files) {
    public MjcfFragment {
        files = Map.copyOf(files);
    }
}
