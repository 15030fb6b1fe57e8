package org.neuroprior.envs.swimmer;

import java.util.SplittableRandom;

import org.neuroprior.envs.Box;
import org.neuroprior.envs.AbstractEnv;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.mujoco.MujocoEnv;

/**
 * A swimmer in MuJoCo doing a {@link SwimmerTask}. One control step holds the action for 15 physics steps of
 * 2 ms (30 ms). There is no time limit here: {@link org.neuroprior.envs.Envs} adds dm_control's 1000 steps
 * (30 s) with a TimeLimit wrapper.
 *
 * <p>If the physics diverges (MuJoCo reports a bad qpos, qvel or qacc, or a reading is not finite), the step is
 * truncated with {@code info["physics_diverged"] = true}, a zero reward and a finite observation; the next reset
 * starts cleanly.
 */
public final class SwimmerEnv extends AbstractEnv<double[]> implements MujocoEnv, org.neuroprior.envs.PlanarBody {
    public static final int PHYSICS_STEPS_PER_CONTROL = 15;
    public static final int DEFAULT_TIME_LIMIT = 1000;

    private final SwimmerTask task;
    private final SwimmerPhysics physics;
    private final Box observationSpace;
    private final Box actionSpace;
    private final double[] controls;
    private final Step step;

    public SwimmerEnv(SwimmerTask task, int bodies) {
        this.task = task;
        this.physics = new SwimmerPhysics(new SwimmerModel(bodies));
        int size = task.observationSize(bodies);
        this.observationSpace = Box.uniform(size, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        this.actionSpace = Box.uniform(bodies - 1, -1, 1);
        this.controls = new double[bodies - 1];
        this.step = new Step(size);
    }

    public SwimmerTask task() {
        return task;
    }

    /** The MuJoCo model and state, for reading positions (plots) or experiments on the physics. */
    public SwimmerPhysics physics() {
        return physics;
    }

    @Override
    public String mjcf() {
        return physics.body().toMjcf();
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<double[]> actionSpace() {
        return actionSpace;
    }

    @Override
    protected Step resetEpisode(SplittableRandom random) {
        physics.resetToDefault();
        task.initializeEpisode(physics, random);
        physics.forward();
        task.observe(physics, step.observation());
        return step.set(0.0, false, false);
    }

    /** Diverged physics truncates the step; the episode may go on from the default state or be reset. */
    @Override
    protected Step stepEpisode(double[] action) {
        // MuJoCo clips to ctrlrange itself; clipping here too keeps the same contract for any caller.
        for (int i = 0; i < controls.length; i++) controls[i] = Math.max(-1, Math.min(1, action[i]));
        physics.step(controls, PHYSICS_STEPS_PER_CONTROL);
        double[] obs = step.observation();
        task.observe(physics, obs);
        double reward = task.reward(physics);
        if (physics.diverged() || !allFinite(obs) || !Double.isFinite(reward)) {
            // MuJoCo already reset the state when it saw the bad values; report a finite, truncated step.
            physics.resetToDefault();
            physics.forward();
            task.observe(physics, obs);
            step.set(0.0, false, true);
            step.info().put(PHYSICS_DIVERGED, Boolean.TRUE);
            return step;
        }
        return step.set(reward, false, false);
    }

    @Override
    protected void release() {
        physics.close();
    }

    @Override
    public int links() {
        return physics().body().bodies();
    }

    @Override
    public void linkPositions(double[] out, int offset) {
        physics().bodyPositions(out, offset);
    }

    @Override
    public double targetX() {
        return physics().targetX();
    }

    @Override
    public double targetY() {
        return physics().targetY();
    }

    @Override
    public String toString() {
        return "SwimmerEnv[" + task.name() + ", " + physics.body().bodies() + " bodies]";
    }
}
