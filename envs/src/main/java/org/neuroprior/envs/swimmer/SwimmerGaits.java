package org.neuroprior.envs.swimmer;

/**
 * Hand-written gaits that show the swimmer's physics swims without any learning: an open-loop travelling wave,
 * and the reflex rule that the NCAP circuit computes at its constant initialisation.
 */
public final class SwimmerGaits {
    /** Period of NCAP's head oscillator in control steps (1.8 s). */
    public static final int NCAP_PERIOD = 60;

    private SwimmerGaits() {
    }

    /**
     * A sine wave travelling from head to tail: joint i lags joint i-1 by {@code lag} radians.
     *
     * @param t control step since reset
     */
    public static void travellingWave(int t, double periodSteps, double lag, double[] controls) {
        for (int i = 0; i < controls.length; i++) controls[i] = Math.sin(2 * Math.PI * t / periodSteps - lag * i);
    }

    /**
     * NCAP's rule at constant initialisation: joint 0 gets a +-1 square wave of period 60 control steps (+1 in the
     * first half), joint i copies the normalised angle of joint i-1, q / (2 pi / bodies), clamped to [-1, 1].
     *
     * @param t           control step since reset
     * @param jointAngles the body joint angles (radians), head end first
     */
    public static void squareWaveWithProprioception(int t, double[] jointAngles, int bodies, double[] controls) {
        controls[0] = (t % NCAP_PERIOD) < NCAP_PERIOD / 2 ? 1.0 : -1.0;
        double scale = 2 * Math.PI / bodies;
        for (int i = 1; i < controls.length; i++) controls[i] = Math.max(-1, Math.min(1, jointAngles[i - 1] / scale));
    }
}
