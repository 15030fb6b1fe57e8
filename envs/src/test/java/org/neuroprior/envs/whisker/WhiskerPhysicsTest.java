package org.neuroprior.envs.whisker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.bytedeco.javacpp.DoublePointer;
import org.neuroprior.envs.mujoco.MjModel;
import org.neuroprior.envs.mujoco.MjObject;
import org.neuroprior.envs.mujoco.binding.MuJoCo;
import org.neuroprior.envs.whisker.objects.MjcfFragment;
import org.neuroprior.envs.whisker.objects.Rotation;
import org.neuroprior.envs.whisker.objects.Vec3;

/**
 * Physical sanity: rods under a tip load against beam theory, one whisker pushed by a rod at a known point, and the
 * untouched array.
 */
class WhiskerPhysicsTest {
    private static final WhiskerPhysics PHYSICS = WhiskerPhysics.defaults();
    private static final WhiskerMorphology RC1 = WhiskerMorphology.mouseRightSide().get(11);
    private static final int PUSH_JOINT = PHYSICS.linksPerWhisker() / 2; // halfway along the whisker

    @Test
    void theUntouchedArrayFeelsNothing() {
        var model = WhiskerArrayModel.of(WhiskerMorphology.mouseRightSide(), PHYSICS);
        try (var m = MjModel.fromXml(model.toMjcf(null, null, null)); var d = m.makeData()) {
            assertEquals(30 * 6, m.nsensordata());
            d.step(300);
            double[] s = new double[m.nsensordata()];
            d.readSensordata(s);
            for (double v : s) assertTrue(Math.abs(v) < 1e-6, "untouched whisker reads " + v);
        }
    }

    @Test
    void aStraightUniformRodUnderATipLoadBendsAsTheBeamFormulaSays() {
        // A straight rod 20 mm long, 0.05 mm in radius: tip deflection F L^3 / (3 E I), base moment F L.
        double length = 20, radius = 0.05;
        var rod = rod(length, radius, 0);
        double stiffnessEI = WhiskerMorphology.YOUNGS_MODULUS * Math.PI * Math.pow(radius, 4) / 4;
        double compliance = Math.pow(length, 3) / (3 * stiffnessEI);
        double force = 0.002 * length / compliance; // a deflection of 0.2% of the length: linear
        double[] result = tipLoad(rod, force);
        report("uniform rod", result[0] / (force * compliance), result[1] / (force * length));
        assertEquals(1, result[0] / (force * compliance), 0.02, "tip deflection over F L^3 / (3 E I)");
        assertEquals(1, result[1] / (force * length), 0.01, "base moment over F L");
    }

    @Test
    void aTaperedRodUnderATipLoadBendsAsTheTaperedCantileverFormulaSays() {
        // Radius 0.05 mm at the base, 0.02 at the tip, linear between (a whisker's taper): integrating
        // x^2 / (E I(x)) from the tip, with r = a + b x, gives 4 / (pi E b^3) (1/(3a) - 1/r0 + a/r0^2 - a^2/(3 r0^3)).
        double length = 20, base = 0.05, tip = 0.02, b = (base - tip) / length;
        var rod = rod(length, base, b);
        double compliance = 4 / (Math.PI * WhiskerMorphology.YOUNGS_MODULUS * b * b * b)
                * (1 / (3 * tip) - 1 / base + tip / (base * base) - tip * tip / (3 * base * base * base));
        double force = 0.002 * length / compliance;
        double[] result = tipLoad(rod, force);
        report("tapered rod", result[0] / (force * compliance), result[1] / (force * length));
        assertEquals(1, result[0] / (force * compliance), 0.03, "tip deflection over the tapered-cantilever formula");
        assertEquals(1, result[1] / (force * length), 0.01, "base moment over F L");
    }

    @Test
    void aUniformRodsFundamentalFrequencyIsTheCantileverFormulas() {
        // A uniform cantilever rings at 1.8751^2 sqrt(E I / (rho A L^4)); the whisker's density rises 630 -> 845 kg/m^3
        // from base to tip, so the formula is taken at the base's and at the tip's density, which bracket the rod's.
        double length = 20, radius = 0.05;
        var rod = rod(length, radius, 0);
        double stiffnessEI = WhiskerMorphology.YOUNGS_MODULUS * Math.PI * Math.pow(radius, 4) / 4, area = Math.PI * radius * radius;
        double light = 1.8751 * 1.8751 * Math.sqrt(stiffnessEI / (rod.densityAt(0) * area * Math.pow(length, 4)));
        double heavy = 1.8751 * 1.8751 * Math.sqrt(stiffnessEI / (rod.densityAt(length) * area * Math.pow(length, 4)));
        double omega = new WhiskerChain(rod, 48).fundamentalFrequency();
        assertTrue(omega < light && omega > heavy, "omega_1 = " + omega + " rad/s, outside [" + heavy + ", " + light + "]");
        // The tip's density weighs most in the fundamental: closer to the heavy bound.
        assertTrue(omega - heavy < light - omega, "omega_1 = " + omega + " rad/s, nearer the base density's " + light);
        assertEquals(omega, PHYSICS.chain(rod).fundamentalFrequency(), 0.02 * omega, "the default's 12 links vs 48");
    }

    @Test
    void aPluckedWhiskerRingsAndDecaysAsTheDampingRuleSays() {
        // RB0, the longest whisker (omega_1 ~ 750 rad/s), decays at the real whisker's rate 0.32 omega_1 after release,
        // ringing at the bounded frequency; RC6, one of the shortest (omega_1 ~ 9,900 rad/s), cannot decay that fast
        // under the bound and is critically damped: it returns without swinging through.
        var all = WhiskerMorphology.mouseRightSide();
        var longest = all.stream().filter(w -> w.name().equals("RB0")).findFirst().orElseThrow();
        var shortest = all.stream().filter(w -> w.name().equals("RC6")).findFirst().orElseThrow();
        var chain = PHYSICS.chain(longest);
        double omega1 = chain.fundamentalFrequency(), bounded = PHYSICS.boundedFundamentalFrequency(chain);
        double rate = WhiskerChain.DAMPING_RATIO * omega1;
        assertTrue(rate < bounded, "RB0 must be underdamped under the bound: " + rate + " vs " + bounded);
        double dt = PHYSICS.timestep();
        double[] moment = pluck(longest);
        double released = moment[0];
        // Zero crossings (interpolated) give the damped period; the extremes of successive half-cycles the decay.
        List<Double> crossings = new java.util.ArrayList<>();
        List<Double> extremes = new java.util.ArrayList<>();
        double extreme = 0;
        for (int k = 1; k < moment.length; k++) {
            if (Math.abs(moment[k]) > Math.abs(extreme)) extreme = moment[k];
            if (Math.signum(moment[k]) != Math.signum(moment[k - 1])) {
                crossings.add((k - 1 + moment[k - 1] / (moment[k - 1] - moment[k])) * dt);
                if (crossings.size() > 1) extremes.add(extreme);
                extreme = 0;
            }
        }
        assertTrue(crossings.size() >= 3 && extremes.size() >= 2, "RB0 must ring: " + crossings.size() + " zero crossings");
        double period = crossings.get(2) - crossings.get(0);
        double damped = bounded * Math.sqrt(1 - (rate / bounded) * (rate / bounded));
        assertEquals(2 * Math.PI / damped, period, 0.1 * period, "damped period (s)");
        double measuredRate = Math.log(Math.abs(extremes.get(0) / extremes.get(1))) / (crossings.get(2) - crossings.get(1));
        assertEquals(rate, measuredRate, 0.15 * rate, "decay rate (1/s) between the first two swings");
        // RC6: critically damped, it overshoots by no more than a few percent of its loaded bend.
        double[] shortMoment = pluck(shortest);
        double overshoot = 0;
        for (double v : shortMoment) if (Math.signum(v) != Math.signum(shortMoment[0])) overshoot = Math.max(overshoot, Math.abs(v));
        assertTrue(overshoot < 0.05 * Math.abs(shortMoment[0]), "RC6 swings through by " + overshoot + " of " + shortMoment[0]);
        assertTrue(Math.abs(released) > 1e-6, "RB0 must be bent: " + released + " rad");
    }

    /**
     * Holds a whisker bent by a small force at its tip (along its base frame's y) for 0.3 s, lets go, and returns the angle
     * of its follicle joint about z (rad; its spring's moment over its stiffness) at every step from the release on, for
     * 0.1 s. (Not the base sensor: the armature is joint inertia, which the follicle does not feel, so a whisker swinging
     * free reads only its real links' inertial forces there.)
     */
    private static double[] pluck(WhiskerMorphology whisker) {
        var chain = PHYSICS.chain(whisker);
        int n = chain.links();
        try (var m = MjModel.fromXml(new WhiskerArrayModel(List.of(chain), PHYSICS).toMjcf(null, null, null)); var d = m.makeData()) {
            int last = m.id(MjObject.BODY, WhiskerArrayModel.linkBody(whisker.name(), n - 1));
            Vec3 direction = whisker.baseFrame().apply(new Vec3(0, 1, 0));
            int hold = (int) Math.round(0.3 / PHYSICS.timestep()), record = (int) Math.round(0.1 / PHYSICS.timestep());
            double[] angle = new double[record];
            int joint = m.jointQposAddress(m.id(MjObject.JOINT, whisker.name() + "_0_z"));
            DoublePointer applied = d.raw().xfrc_applied();
            for (int k = 0; k < hold + record; k++) {
                Vec3 f = k < hold ? direction.times(1.0) : new Vec3(0, 0, 0);
                applied.put(6L * last, f.x()).put(6L * last + 1, f.y()).put(6L * last + 2, f.z());
                d.step(1);
                if (k >= hold) angle[k - hold] = d.qpos(joint);
            }
            return angle;
        }
    }

    @Test
    void cuttingTheCollisionCapsulesKeepsEveryLinksMassAndInertia() {
        var oneEach = WhiskerPhysics.defaults().withLinks(6).withContactSegmentLength(0);
        var cut = oneEach.withContactSegmentLength(0.25);
        var chain = oneEach.chain(RC1);
        int expected = 0;
        for (int i = 0; i < chain.links(); i++) expected += (int) Math.ceil(chain.chordLength(i) / 0.25);
        assertTrue(expected > 2 * chain.links(), "the test needs links longer than the pieces");
        try (var whole = MjModel.fromXml(new WhiskerArrayModel(List.of(chain), oneEach).toMjcf(null, null, null));
             var pieces = MjModel.fromXml(new WhiskerArrayModel(List.of(cut.chain(RC1)), cut).toMjcf(null, null, null))) {
            int colliding = 0;
            for (int g = 0; g < pieces.ngeom(); g++) if (pieces.raw().geom_contype().get(g) == 1) colliding++;
            assertEquals(expected, colliding, "collision capsules of at most 0.25 mm");
            assertEquals(whole.raw().nbody(), pieces.raw().nbody());
            for (int b = 0; b < whole.raw().nbody(); b++) {
                assertEquals(whole.raw().body_mass().get(b), pieces.raw().body_mass().get(b), 1e-12 + 1e-9 * whole.raw().body_mass().get(b));
                for (int k = 0; k < 3; k++) {
                    double i0 = whole.raw().body_inertia().get(3L * b + k), i1 = pieces.raw().body_inertia().get(3L * b + k);
                    assertEquals(i0, i1, 1e-9 * Math.abs(i0) + 1e-15, "body " + b + " inertia " + k);
                }
            }
        }
    }

    /** The measured ratios, for the README's figures (in the test's standard output). */
    private static void report(String rod, double deflection, double moment) {
        System.out.printf(java.util.Locale.ROOT, "%s, %d links, %s s: tip deflection / formula %.4f, base moment / F L %.4f%n", rod,
                PHYSICS.linksPerWhisker(), PHYSICS.timestep(), deflection, moment);
    }

    /** A straight rod along the head's +x with the given base radius and taper slope (mm of radius per mm). */
    private static WhiskerMorphology rod(double length, double baseRadius, double taperSlope) {
        return new WhiskerMorphology("rod", 1, 0, length, 0, 0, 0, 0, Math.PI / 2, 0, 0, baseRadius, taperSlope);
    }

    /**
     * Holds a force of {@code force} (uN) at the rod's tip, along its base frame's y, until it settles (0.6 s, a hundred
     * times the damped modes' decay time), and returns the tip's deflection along y (mm) and the magnitude of the base
     * moment (uN mm).
     */
    private static double[] tipLoad(WhiskerMorphology rod, double force) {
        var chain = PHYSICS.chain(rod);
        int n = chain.links();
        try (var m = MjModel.fromXml(new WhiskerArrayModel(List.of(chain), PHYSICS).toMjcf(null, null, null)); var d = m.makeData()) {
            int last = m.id(MjObject.BODY, WhiskerArrayModel.linkBody("rod", n - 1));
            Vec3 direction = rod.baseFrame().apply(new Vec3(0, 1, 0));
            Vec3 tip = null;
            int steps = (int) Math.round(0.6 / PHYSICS.timestep());
            for (int k = 0; k < steps; k++) {
                // The force goes on the last link at its tip: as a force at its centre of mass plus the moment that moves it there.
                MuJoCo.mj_kinematics(m.raw(), d.raw());
                DoublePointer xpos = d.raw().xpos(), xmat = d.raw().xmat(), xipos = d.raw().xipos();
                double len = chain.chordLength(n - 1);
                tip = new Vec3(xpos.get(3 * last) + len * xmat.get(9 * last), xpos.get(3 * last + 1) + len * xmat.get(9 * last + 3),
                        xpos.get(3 * last + 2) + len * xmat.get(9 * last + 6));
                Vec3 centre = new Vec3(xipos.get(3 * last), xipos.get(3 * last + 1), xipos.get(3 * last + 2));
                Vec3 f = direction.times(force), moment = tip.minus(centre).cross(f);
                DoublePointer applied = d.raw().xfrc_applied();
                applied.put(6L * last, f.x()).put(6L * last + 1, f.y()).put(6L * last + 2, f.z())
                        .put(6L * last + 3, moment.x()).put(6L * last + 4, moment.y()).put(6L * last + 5, moment.z());
                d.step(1);
            }
            double[] s = new double[6];
            d.readSensordata(s);
            return new double[] {tip.minus(rod.base()).dot(direction), new Vec3(s[3], s[4], s[5]).norm()};
        }
    }

    @Test
    void aPushGivesTheFollicleAnOpposingForceAndAMomentOfForceTimesLeverArm() {
        double[] s = push(RC1, PUSH_JOINT, new double[] {0, 1, 0}, 1.0);
        double[] force = {s[0], s[1], s[2]}, moment = {s[3], s[4], s[5]};
        assertTrue(force[1] < 0, "pushed towards +y, the head must pull the whisker back: Fy = " + force[1]);
        // Quasi-static: the follicle's moment balances the push, M = r x F with r the contact point.
        double[] lever = PHYSICS.chain(RC1).point(PUSH_JOINT);
        double[] expected = Vec3.of(lever).cross(Vec3.of(force)).toArray();
        assertTrue(moment[2] < 0, "moment about the bending axis has the sign of r x F: Mz = " + moment[2]);
        double error = Vec3.of(moment).minus(Vec3.of(expected)).norm() / Vec3.of(moment).norm();
        assertTrue(error < 0.15, "moment " + List.of(moment[0], moment[1], moment[2]) + " vs r x F "
                + List.of(expected[0], expected[1], expected[2]) + " (relative error " + error + ")");
        // Magnitude: a cantilever bent at its middle, moment of order 3 E I delta / a^2 (taper makes it smaller).
        double a = lever[0], r = RC1.radiusAt(0);
        double beam = 3 * WhiskerMorphology.YOUNGS_MODULUS * Math.PI * Math.pow(r, 4) / 4 * 1.0 / (a * a);
        assertTrue(Math.abs(moment[2]) > 0.1 * beam && Math.abs(moment[2]) < 1.5 * beam,
                "|Mz| = " + Math.abs(moment[2]) + " far from the uniform-beam estimate " + beam);
    }

    @Test
    void deflectionGrowsWithThePush() {
        double m1 = Math.abs(push(RC1, PUSH_JOINT, new double[] {0, 1, 0}, 0.25)[5]);
        double m2 = Math.abs(push(RC1, PUSH_JOINT, new double[] {0, 1, 0}, 0.5)[5]);
        double m3 = Math.abs(push(RC1, PUSH_JOINT, new double[] {0, 1, 0}, 1.0)[5]);
        assertTrue(m1 > 0 && m2 > 1.5 * m1 && m3 > 1.5 * m2, "moments " + m1 + ", " + m2 + ", " + m3 + " must grow about linearly");
        assertTrue(m3 < 2.5 * m2, "small deflections are linear: " + m2 + " -> " + m3);
    }

    @Test
    void mirrorImagePushesGiveMirrorImageSignals() {
        // The whisker curves in its x-y plane, so reflecting z -> -z maps it onto itself: forces (Fx, Fy, -Fz),
        // moments (a pseudovector) (-Mx, -My, Mz).
        double[] up = push(RC1, PUSH_JOINT, new double[] {0, 0, 1}, 0.5);
        double[] down = push(RC1, PUSH_JOINT, new double[] {0, 0, -1}, 0.5);
        double[] mirrored = {down[0], down[1], -down[2], -down[3], -down[4], down[5]};
        double norm = 0, diff = 0;
        for (int i = 0; i < 6; i++) {
            norm += up[i] * up[i];
            diff += (up[i] - mirrored[i]) * (up[i] - mirrored[i]);
        }
        assertTrue(Math.sqrt(norm) > 1, "the push must be felt");
        assertTrue(Math.sqrt(diff / norm) < 0.05, "up " + java.util.Arrays.toString(up) + " vs mirrored down "
                + java.util.Arrays.toString(mirrored));
    }

    /**
     * Pushes a rod (lying along the direction perpendicular to the push, in the base frame) slowly against
     * the whisker at joint k, {@code depth} mm beyond first touch, holds it there, and returns the base signals
     * (Fx, Fy, Fz, Mx, My, Mz) in the sensor frame, averaged over the last 50 ms.
     */
    static double[] push(WhiskerMorphology whisker, int joint, double[] direction, double depth) {
        var chain = PHYSICS.chain(whisker);
        Rotation frame = whisker.baseFrame();
        Vec3 contact = whisker.base().plus(frame.apply(Vec3.of(chain.point(joint))));
        Vec3 push = frame.apply(Vec3.of(direction));
        // Rod axis: along local z for pushes in y, along local y for pushes in z.
        Vec3 axis = frame.apply(direction[1] != 0 ? new Vec3(0, 0, 1) : new Vec3(0, 1, 0));
        double rodRadius = 0.5;
        double gap = rodRadius + Math.max(chain.linkRadius(joint), PHYSICS.minCollisionRadius()) + 0.2;
        double[] start = contact.minus(push.times(gap)).toArray();
        double[] q = Rotation.zAlong(axis).quaternion(); // the rod is a capsule along its z
        var object = new MjcfFragment("", "<geom class=\"object\" type=\"capsule\" size=\"" + rodRadius + " 3\"/>", Map.of());
        String xml = new WhiskerArrayModel(List.of(chain), PHYSICS).toMjcf(object, start, q);
        double speed = 5; // mm/s: slow, so the whisker is loaded quasi-statically
        double travel = gap - rodRadius - Math.max(chain.linkRadius(joint), PHYSICS.minCollisionRadius()) + depth;
        int moveSteps = (int) Math.ceil(travel / speed / PHYSICS.timestep());
        int holdSteps = 300;
        try (var m = MjModel.fromXml(xml); var d = m.makeData()) {
            double[] sum = new double[6], s = new double[6];
            for (int i = 1; i <= moveSteps + holdSteps; i++) {
                double moved = Math.min(i * PHYSICS.timestep() * speed, travel);
                double[] p = Vec3.of(start).plus(push.times(moved)).toArray();
                d.setMocapPos(1, p[0], p[1], p[2]);
                d.step(1);
                if (i > moveSteps + holdSteps - 50) {
                    d.readSensordata(s);
                    for (int c = 0; c < 6; c++) sum[c] += s[c] / 50;
                }
            }
            return sum;
        }
    }
}
