/**
 * Objects that sweeps move past the whisker array, in millimetres: {@link org.neuroprior.envs.whisker.objects.ObjectShape}
 * (primitives and convex mesh parts), the procedural classes ({@link org.neuroprior.envs.whisker.objects.ObjectClasses}),
 * user meshes (OBJ/STL listed in a {@link org.neuroprior.envs.whisker.objects.LabelFile}), and the
 * {@link org.neuroprior.envs.whisker.objects.ObjectCatalog} a sweep draws from.
 *
 * <p>Limitation: MuJoCo collides a mesh through its convex hull. Generated classes are unions of convex parts, so
 * their concavities are real; a user mesh is one part, so a non-convex user mesh touches the whiskers as its hull
 * (a mug's opening or the gap under a chair's seat is filled in). Meshes are passed to MuJoCo as vertices only and
 * MuJoCo builds the hull, which is also why badly wound user meshes are accepted.
 *
 * <p>No DL4J here: plain Java and the MuJoCo wrappers only.
 */
package org.neuroprior.envs.whisker.objects;
