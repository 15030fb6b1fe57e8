package org.neuroprior.envs.whisker;

/**
 * The numerical choices of the whisker simulation (what the papers leave to the simulator).
 *
 * @param linksPerWhisker      rigid links per whisker
 * @param timestep             physics step (s)
 * @param maxFrequency         bound on the chain's natural frequencies (rad/s). Real whisker joints ring at up to
 *                             ~20,000 rad/s, which no affordable explicit step resolves; each joint gets rotational
 *                             inertia (MuJoCo armature) a = k / maxFrequency^2, and then every mode of every chain is
 *                             at most maxFrequency (Rayleigh: omega^2 = q'Kq / q'(M + A)q <= max k/a). Slow sweeps load
 *                             whiskers nearly quasi-statically, where base forces depend on stiffness and geometry;
 *                             the convergence tests show what the bound changes
 * @param contactTimeConstant  MuJoCo contact solref time constant (s): how fast penetration is resolved
 * @param minCollisionRadius   thinnest collision capsule (mm): an object moves up to 0.06 mm per 1 ms step, more than
 *                             a tip's 0.003 mm diameter, so thin links would let it tunnel through; masses and
 *                             stiffness stay the real whisker's
 * @param solver               "PGS", "CG" or "Newton"
 * @param solverIterations     constraint solver iterations per step
 */
public record WhiskerPhysics(int linksPerWhisker, double timestep, double maxFrequency, double contactTimeConstant,
                             double minCollisionRadius, String solver, int solverIterations) {
    public static final double FRICTION = 0.5;

    public static WhiskerPhysics defaults() {
        return new WhiskerPhysics(6, 0.001, Double.parseDouble(System.getProperty("whisker.omega", "500")), Double.parseDouble(System.getProperty("whisker.tc", "0.002")), Double.parseDouble(System.getProperty("whisker.rmin", "0.1")), System.getProperty("whisker.solver", "Newton"), Integer.getInteger("whisker.iter", 20));
    }

    public WhiskerPhysics {
        if (linksPerWhisker < 2 || linksPerWhisker > 40) throw new IllegalArgumentException(
                "links per whisker = " + linksPerWhisker + "; accepted: 2..40");
        if (!(timestep > 0 && timestep <= 0.005)) throw new IllegalArgumentException(
                "whisker physics timestep = " + timestep + " s; accepted: (0, 0.005]");
        if (!(maxFrequency > 0 && maxFrequency * timestep <= 2)) throw new IllegalArgumentException("max frequency = "
                + maxFrequency + " rad/s; accepted: > 0 and at most 2 / timestep (" + 2 / timestep + ") for stability");
        if (!(contactTimeConstant >= 2 * timestep)) throw new IllegalArgumentException("contact time constant = "
                + contactTimeConstant + " s; accepted: at least twice the timestep (" + 2 * timestep + ")");
        if (!(minCollisionRadius >= 0 && minCollisionRadius <= 1)) throw new IllegalArgumentException(
                "min collision radius = " + minCollisionRadius + " mm; accepted: 0..1");
        if (!solver.equals("PGS") && !solver.equals("CG") && !solver.equals("Newton")) throw new IllegalArgumentException(
                "solver = " + solver + "; accepted: PGS, CG, Newton");
        if (solverIterations < 1) throw new IllegalArgumentException("solver iterations = " + solverIterations + "; accepted: >= 1");
    }

    public WhiskerPhysics withTimestep(double dt) {
        return new WhiskerPhysics(linksPerWhisker, dt, maxFrequency, contactTimeConstant, minCollisionRadius, solver, solverIterations);
    }

    public WhiskerPhysics withLinks(int links) {
        return new WhiskerPhysics(links, timestep, maxFrequency, contactTimeConstant, minCollisionRadius, solver, solverIterations);
    }

    public WhiskerPhysics withMaxFrequency(double omega) {
        return new WhiskerPhysics(linksPerWhisker, timestep, omega, contactTimeConstant, minCollisionRadius, solver, solverIterations);
    }

    /** The rotational inertia added at a joint of the given stiffness (g mm^2). */
    public double armature(double stiffness) {
        return stiffness / (maxFrequency * maxFrequency);
    }

    /** MuJoCo's stack: generous for hundreds of DOF (the implicit default overflowed at 1,200). */
    int stackSize() {
        return 2_000_000;
    }
}
