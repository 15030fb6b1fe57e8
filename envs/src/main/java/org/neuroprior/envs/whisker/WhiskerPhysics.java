package org.neuroprior.envs.whisker;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.neuroprior.envs.mujoco.binding.MuJoCo;

/**
 * The numerical choices of the whisker simulation (what the papers leave to the simulator). What each one changes in
 * the recorded signals is measured by {@code ./neuroprior bench --whisker-study} (BENCHMARKS.md).
 *
 * @param linksPerWhisker      rigid links per whisker, 2..{@value #MAX_LINKS} ({@link WhiskerChain}: a Hencky bar-chain, second order
 *                             in the link length)
 * @param linkGrading          length of a whisker's last link over its first, > 0 (1 = equal links)
 * @param timestep             physics step (s), in (0, 0.005], dividing the 1 ms recording interval
 * @param maxFrequency         bound on the chain's natural frequencies (rad/s). Real whisker joints ring at up to
 *                             ~20,000 rad/s, which no affordable explicit step resolves; each joint gets rotational
 *                             inertia (MuJoCo armature) a = k / maxFrequency^2, and then every mode of every chain is
 *                             at most maxFrequency (Rayleigh: omega^2 = q'Kq / q'(M + A)q <= max k/a). Slow sweeps load
 *                             whiskers nearly quasi-statically, where base forces depend on stiffness and geometry; what
 *                             the bound changes in the transients (release, ringing) is what the simulator does not
 *                             resolve. At most 2 / timestep (stability of the explicit springs)
 * @param dampingRatio         the whisker's damping ratio, > 0 (a real whisker's is {@link WhiskerChain#DAMPING_RATIO}): its
 *                             fundamental vibration decays as exp(-dampingRatio omega_1 t) ({@link #dampingCoefficient})
 * @param contactTimeConstant  MuJoCo contact solref time constant (s), at least twice the step: how fast penetration
 *                             is resolved. With the armature, a contact adds about (1 - d) / d (maxFrequency x this)^2 of
 *                             the whisker's own compliance at the contact point (d = {@code contactImpedance}): the object
 *                             sinks into the collision capsule by about that fraction of the whisker's deflection there.
 *                             At 2 ms (5%) a whisker bent 2 mm let the object reach the capsule's axis (0.1 mm), where the
 *                             contact loses its direction and the whisker slips through the object; at the default 1 ms
 *                             (1.2%) that is rare (BENCHMARKS.md, "The whisker array", version 3)
 * @param contactImpedanceAtTouch MuJoCo contact impedance d at zero depth (solimp's dmin), in (0, contactImpedance]
 * @param contactImpedance     MuJoCo contact impedance d from {@code contactImpedanceWidth} deep on (solimp's dmax), in
 *                             (0, 1): closer to 1 is harder, for both the normal force and friction. Rising from a lower
 *                             value at touch, the contact takes hold smoothly instead of bouncing: a loaded whisker that
 *                             loses a contact for one step springs 0.1 mm into the object at once, and with an impedance
 *                             that is the same at every depth it was pushed out again and again (contact chatter)
 * @param contactImpedanceWidth depth (mm) over which the impedance rises, > 0 (solimp's width)
 * @param frictionImpedanceRatio MuJoCo's impratio, > 0: friction's impedance over the normal force's (below 1,
 *                             friction is softer: a contact creeps a little under a force within the cone)
 * @param minCollisionRadius   thinnest collision capsule (mm), 0..1: an object moves up to 0.06 mm per 1 ms step, more
 *                             than a tip's 0.003 mm diameter, so thin links would let it tunnel through; masses and
 *                             stiffness stay the real whisker's
 * @param contactSegmentLength longest collision capsule (mm), >= 0; 0 = one capsule per link. MuJoCo (2.2) finds one
 *                             contact point between a capsule and a convex mesh, cylinder or ellipsoid, so a straight
 *                             link lying along a face touches it at one end or the other: the contact jumps by a link's
 *                             length as the object turns under it, and how a line contact's load is shared depends on
 *                             the link count. Cutting each link's collision capsule into pieces no longer than this (the
 *                             mass and inertia stay the link's) makes the contact surface's resolution the same for every
 *                             link count
 * @param cone                 MuJoCo friction cone, "elliptic" (isotropic) or "pyramidal" (four edges: the friction
 *                             limit depends on the slip direction)
 * @param solver               MuJoCo constraint solver, "PGS", "CG" or "Newton"
 * @param solverIterations     most constraint solver iterations per step, >= 1
 * @param solverTolerance      MuJoCo's solver tolerance (relative improvement at which it stops), > 0
 * @throws IllegalArgumentException for a value outside the accepted range, naming it
 */
public record WhiskerPhysics(int linksPerWhisker, double linkGrading, double timestep, double maxFrequency, double dampingRatio,
                             double contactTimeConstant, double contactImpedanceAtTouch, double contactImpedance,
                             double contactImpedanceWidth, double frictionImpedanceRatio, double minCollisionRadius,
                             double contactSegmentLength, String cone, String solver, int solverIterations,
                             double solverTolerance) {
    /**
     * The simulator's version: raised whenever a change to the code changes what a sweep records for the same
     * settings, so that a dataset records which simulator made it (and is not extended by another).
     * 1: one model per sweep, the first link welded to the head, the object a mocap body (until 2026-11-30).
     * 2: each whisker alone in its contact window, Hencky chain with a follicle joint, the object sliding with its
     * velocity known to the contacts, signals sampled at the recording instants (until 2026-11-30).
     * 3: damping proportional to the joints' stiffness, set so that a whisker's fundamental decays at the real
     * whisker's rate (or critically damped where the frequency bound forbids that), instead of the damping ratio per
     * joint with its armature (until 2026-12-01).
     * 4: by default each link's collision capsule cut into pieces of at most 0.5 mm ({@link #contactSegmentLength}),
     * so that a link lying along a face touches it along its length and the contacts resolve the same for every link
     * count: doubling 12 links to 24 changes the convergence study's 30 sweeps by 8.1% on average instead of 11.5%,
     * halving the step by 5.9% (BENCHMARKS.md, "The whisker array"). With {@code contactSegmentLength} 0 it records
     * what version 3 did; the version marks the new default, which datasets of version 3 (made before the setting
     * existed) do not record.
     */
    public static final int VERSION = 4;

    /** Most links per whisker (the convergence study doubles 24). */
    public static final int MAX_LINKS = 48;

    /** Coulomb friction between whisker and object (docs/whisker.md). */
    public static final double FRICTION = 0.5;

    /** The default settings: see BENCHMARKS.md, "The whisker array", for the study that chose them. */
    public static WhiskerPhysics defaults() {
        return new WhiskerPhysics(12, 1, 0.0005, 500, WhiskerChain.DAMPING_RATIO, 0.001, 0.5, 0.95, 0.02, 0.2, 0.1,
                0.5, "elliptic", "Newton", 20, 1e-8);
    }

    public WhiskerPhysics {
        if (linksPerWhisker < 2 || linksPerWhisker > MAX_LINKS) throw new IllegalArgumentException(
                "links per whisker = " + linksPerWhisker + "; accepted: 2.." + MAX_LINKS);
        if (!(linkGrading > 0) || !Double.isFinite(linkGrading)) throw new IllegalArgumentException(
                "link grading = " + linkGrading + "; accepted: a finite number > 0 (last link / first link)");
        if (!(timestep > 0 && timestep <= 0.005)) throw new IllegalArgumentException(
                "whisker physics timestep = " + timestep + " s; accepted: (0, 0.005]");
        if (!(maxFrequency > 0 && maxFrequency * timestep <= 2)) throw new IllegalArgumentException("max frequency = "
                + maxFrequency + " rad/s; accepted: > 0 and at most 2 / timestep (" + 2 / timestep + ") for stability");
        if (!(dampingRatio > 0) || !Double.isFinite(dampingRatio)) throw new IllegalArgumentException(
                "damping ratio = " + dampingRatio + "; accepted: a finite number > 0");
        if (!(frictionImpedanceRatio > 0) || !Double.isFinite(frictionImpedanceRatio)) throw new IllegalArgumentException(
                "friction impedance ratio = " + frictionImpedanceRatio + "; accepted: a finite number > 0");
        if (!(contactTimeConstant >= 2 * timestep) || !Double.isFinite(contactTimeConstant)) throw new IllegalArgumentException(
                "contact time constant = " + contactTimeConstant + " s; accepted: at least twice the timestep (" + 2 * timestep
                        + " s): a step above half the contact time constant is refused");
        if (!(contactImpedance > 0 && contactImpedance < 1)) throw new IllegalArgumentException(
                "contact impedance = " + contactImpedance + "; accepted: strictly between 0 and 1");
        if (!(contactImpedanceAtTouch > 0 && contactImpedanceAtTouch <= contactImpedance)) throw new IllegalArgumentException(
                "contact impedance at touch = " + contactImpedanceAtTouch + "; accepted: > 0 and at most the contact impedance ("
                        + contactImpedance + ")");
        if (!(contactImpedanceWidth > 0) || !Double.isFinite(contactImpedanceWidth)) throw new IllegalArgumentException(
                "contact impedance width = " + contactImpedanceWidth + " mm; accepted: a finite number > 0");
        if (!(minCollisionRadius >= 0 && minCollisionRadius <= 1)) throw new IllegalArgumentException(
                "min collision radius = " + minCollisionRadius + " mm; accepted: 0..1");
        if (!(contactSegmentLength >= 0) || !Double.isFinite(contactSegmentLength)) throw new IllegalArgumentException(
                "contact segment length = " + contactSegmentLength + " mm; accepted: 0 (one capsule per link) or a finite length > 0");
        if (!cone.equals("elliptic") && !cone.equals("pyramidal")) throw new IllegalArgumentException(
                "friction cone = " + cone + "; accepted: elliptic, pyramidal");
        if (!solver.equals("PGS") && !solver.equals("CG") && !solver.equals("Newton")) throw new IllegalArgumentException(
                "solver = " + solver + "; accepted: PGS, CG, Newton");
        if (solverIterations < 1) throw new IllegalArgumentException("solver iterations = " + solverIterations + "; accepted: >= 1");
        if (!(solverTolerance > 0) || !Double.isFinite(solverTolerance)) throw new IllegalArgumentException(
                "solver tolerance = " + solverTolerance + "; accepted: a finite number > 0");
    }

    public WhiskerPhysics withLinks(int links) {
        return new WhiskerPhysics(links, linkGrading, timestep, maxFrequency, dampingRatio, contactTimeConstant,
                contactImpedanceAtTouch, contactImpedance, contactImpedanceWidth, frictionImpedanceRatio, minCollisionRadius,
                contactSegmentLength, cone, solver, solverIterations, solverTolerance);
    }

    public WhiskerPhysics withLinkGrading(double grading) {
        return new WhiskerPhysics(linksPerWhisker, grading, timestep, maxFrequency, dampingRatio, contactTimeConstant,
                contactImpedanceAtTouch, contactImpedance, contactImpedanceWidth, frictionImpedanceRatio, minCollisionRadius,
                contactSegmentLength, cone, solver, solverIterations, solverTolerance);
    }

    /**
     * These settings with another physics step (s); the contact time constant is kept, so a step above half of it is
     * refused (set the contacts first with {@link #withContact}).
     */
    public WhiskerPhysics withTimestep(double dt) {
        return new WhiskerPhysics(linksPerWhisker, linkGrading, dt, maxFrequency, dampingRatio, contactTimeConstant,
                contactImpedanceAtTouch, contactImpedance, contactImpedanceWidth, frictionImpedanceRatio, minCollisionRadius,
                contactSegmentLength, cone, solver, solverIterations, solverTolerance);
    }

    public WhiskerPhysics withMaxFrequency(double omega) {
        return new WhiskerPhysics(linksPerWhisker, linkGrading, timestep, omega, dampingRatio, contactTimeConstant,
                contactImpedanceAtTouch, contactImpedance, contactImpedanceWidth, frictionImpedanceRatio, minCollisionRadius,
                contactSegmentLength, cone, solver, solverIterations, solverTolerance);
    }

    /**
     * These settings with other contact parameters: time constant (s), impedance at touch and from {@code width} mm deep
     * on (both in (0, 1), the first at most the second).
     */
    public WhiskerPhysics withContact(double timeConstant, double impedanceAtTouch, double impedance, double width) {
        return new WhiskerPhysics(linksPerWhisker, linkGrading, timestep, maxFrequency, dampingRatio, timeConstant,
                impedanceAtTouch, impedance, width, frictionImpedanceRatio, minCollisionRadius, contactSegmentLength, cone, solver,
                solverIterations, solverTolerance);
    }

    public WhiskerPhysics withDampingRatio(double ratio) {
        return new WhiskerPhysics(linksPerWhisker, linkGrading, timestep, maxFrequency, ratio, contactTimeConstant,
                contactImpedanceAtTouch, contactImpedance, contactImpedanceWidth, frictionImpedanceRatio, minCollisionRadius,
                contactSegmentLength, cone, solver, solverIterations, solverTolerance);
    }

    public WhiskerPhysics withFrictionImpedanceRatio(double ratio) {
        return new WhiskerPhysics(linksPerWhisker, linkGrading, timestep, maxFrequency, dampingRatio, contactTimeConstant,
                contactImpedanceAtTouch, contactImpedance, contactImpedanceWidth, ratio, minCollisionRadius, contactSegmentLength, cone, solver,
                solverIterations, solverTolerance);
    }

    /** These settings with another solver ("PGS", "CG", "Newton"), iteration limit and tolerance. */
    public WhiskerPhysics withSolver(String name, int iterations, double tolerance) {
        return new WhiskerPhysics(linksPerWhisker, linkGrading, timestep, maxFrequency, dampingRatio, contactTimeConstant,
                contactImpedanceAtTouch, contactImpedance, contactImpedanceWidth, frictionImpedanceRatio, minCollisionRadius,
                contactSegmentLength, cone, name, iterations, tolerance);
    }

    public WhiskerPhysics withMinCollisionRadius(double radius) {
        return new WhiskerPhysics(linksPerWhisker, linkGrading, timestep, maxFrequency, dampingRatio, contactTimeConstant,
                contactImpedanceAtTouch, contactImpedance, contactImpedanceWidth, frictionImpedanceRatio, radius, contactSegmentLength, cone,
                solver, solverIterations, solverTolerance);
    }

    /** These settings with collision capsules at most {@code length} mm long (0: one per link). */
    public WhiskerPhysics withContactSegmentLength(double length) {
        return new WhiskerPhysics(linksPerWhisker, linkGrading, timestep, maxFrequency, dampingRatio, contactTimeConstant,
                contactImpedanceAtTouch, contactImpedance, contactImpedanceWidth, frictionImpedanceRatio, minCollisionRadius,
                length, cone, solver, solverIterations, solverTolerance);
    }

    public WhiskerPhysics withCone(String frictionCone) {
        return new WhiskerPhysics(linksPerWhisker, linkGrading, timestep, maxFrequency, dampingRatio, contactTimeConstant,
                contactImpedanceAtTouch, contactImpedance, contactImpedanceWidth, frictionImpedanceRatio, minCollisionRadius,
                contactSegmentLength, frictionCone, solver, solverIterations, solverTolerance);
    }

    /** The chain of links this physics cuts a whisker into. */
    public WhiskerChain chain(WhiskerMorphology whisker) {
        return new WhiskerChain(whisker, linksPerWhisker, linkGrading);
    }

    /** Radius (mm) of link i's collision capsule: the link's own, or {@link #minCollisionRadius} if thinner. */
    public double collisionRadius(WhiskerChain chain, int link) {
        return Math.max(chain.linkRadius(link), minCollisionRadius);
    }

    /**
     * How many collision capsules link i of a chain is cut into: 1 without {@link #contactSegmentLength}, else the
     * fewest pieces of equal length no longer than it.
     */
    public int contactSegments(WhiskerChain chain, int link) {
        return contactSegmentLength == 0 ? 1 : Math.max(1, (int) Math.ceil(chain.chordLength(link) / contactSegmentLength - 1e-9));
    }

    /** The thickest collision capsule of a chain (mm). */
    public double maxCollisionRadius(WhiskerChain chain) {
        double r = 0;
        for (int i = 0; i < chain.links(); i++) r = Math.max(r, collisionRadius(chain, i));
        return r;
    }

    /**
     * The whisker's lowest bending frequency (rad/s) with the armature: the armature a = k / maxFrequency^2 is
     * proportional to the springs, so the modes keep their shapes and 1 / omega^2 becomes 1 / omega_1^2 +
     * 1 / maxFrequency^2, omega_1 being the real whisker's ({@link WhiskerChain#fundamentalFrequency}).
     */
    public double boundedFundamentalFrequency(WhiskerChain chain) {
        double real = chain.fundamentalFrequency();
        return 1 / Math.sqrt(1 / (real * real) + 1 / (maxFrequency * maxFrequency));
    }

    /**
     * The damping of a chain's joints per unit of stiffness (s): joint j's damping is this times its stiffness k_j
     * (stiffness-proportional damping, which keeps the modes' shapes). It makes the whisker's fundamental decay at the
     * real whisker's rate, exp(-dampingRatio omega_1 t), where the bound on frequencies allows it; where it does not
     * (dampingRatio omega_1 above the bounded frequency omega_b: 18 of the average mouse's 30 whiskers at the default
     * bound, all but those whose omega_1 is below about 1,500 rad/s), the fundamental is critically damped, the fastest decay without overshoot at
     * omega_b. A damping ratio kept at 0.32 under the bound would instead make every release ring for
     * 1 / (0.32 omega_b), 6 ms at 500 rad/s, where the real whiskers' ringing is gone within 0.3 to 4 ms.
     */
    public double dampingCoefficient(WhiskerChain chain) {
        double bounded = boundedFundamentalFrequency(chain);
        double decayRate = Math.min(dampingRatio * chain.fundamentalFrequency(), bounded);
        return 2 * decayRate / (bounded * bounded);
    }

    /** The rotational inertia added at a joint of the given stiffness (g mm^2). */
    public double armature(double stiffness) {
        return stiffness / (maxFrequency * maxFrequency);
    }

    /** Physics steps per 1 ms recording interval. @throws IllegalArgumentException if the step does not divide it */
    public int stepsPerMillisecond() {
        int steps = (int) Math.round(0.001 / timestep);
        if (steps < 1 || Math.abs(steps * timestep - 0.001) > 1e-12) {
            throw new IllegalArgumentException("physics timestep " + timestep + " s does not divide the 1 ms recording interval");
        }
        return steps;
    }

    /**
     * Everything that decides what the simulator records, by name in a stable order: {@link #VERSION}, MuJoCo's
     * version, every setting, and the constants (friction, Young's modulus) for the record. A dataset stores this.
     */
    public Map<String, Object> describe() {
        var map = new LinkedHashMap<String, Object>();
        map.put("simulator_version", VERSION);
        map.put("mujoco_version", MuJoCo.mj_version());
        map.put("links_per_whisker", linksPerWhisker);
        map.put("link_grading", linkGrading);
        map.put("timestep_s", timestep);
        map.put("max_frequency_rad_per_s", maxFrequency);
        map.put("contact_time_constant_s", contactTimeConstant);
        map.put("contact_impedance_at_touch", contactImpedanceAtTouch);
        map.put("contact_impedance", contactImpedance);
        map.put("contact_impedance_width_mm", contactImpedanceWidth);
        map.put("friction_impedance_ratio", frictionImpedanceRatio);
        map.put("min_collision_radius_mm", minCollisionRadius);
        map.put("contact_segment_length_mm", contactSegmentLength);
        map.put("friction_cone", cone);
        map.put("friction", FRICTION);
        map.put("youngs_modulus_pa", WhiskerMorphology.YOUNGS_MODULUS);
        map.put("damping_ratio", dampingRatio);
        map.put("solver", solver);
        map.put("solver_iterations", solverIterations);
        map.put("solver_tolerance", solverTolerance);
        return map;
    }

    /** MuJoCo's solimp: from the impedance at touch to the full impedance over the width. */
    String solimp() {
        return String.format(Locale.ROOT, "%s %s %s", contactImpedanceAtTouch, contactImpedance, contactImpedanceWidth);
    }

    /** MuJoCo's stack: generous for hundreds of DOF (the implicit default overflowed at 1,200). */
    int stackSize() {
        return 4_000_000;
    }
}
