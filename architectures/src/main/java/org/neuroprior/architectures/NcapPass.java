package org.neuroprior.architectures;

import java.util.Arrays;

/**
 * The forward and backward pass of an {@link Ncap} over a batch, in plain Java on buffers allocated once: the same
 * function and gradients as the FLOAT graph {@link Ncap#define} builds, without a SameDiff session.
 *
 * <p>Why: NCAP has a few dozen parameters, so a SameDiff gradient step is almost all session overhead, and PPO's
 * SameDiff sessions made resident memory grow (BENCHMARKS.md). The pass repeats the graph's float operations in the
 * graph's order, so the clamps see the same values (with constant init many sit exactly on 0 or 1), and it uses
 * SameDiff 1.0.0-M2.1's derivative conventions at the kinks, checked against {@code calculateGradients}
 * (NcapPassTest, PpoLossTest): {@code clipByValue} passes the gradient only strictly inside its range, {@code relu}
 * only for inputs strictly above 0 (so exc/inh give a raw weight of exactly 0 no gradient).
 *
 * <p>Parameters are given as the graph holds them (float, raw, {@link Ncap}'s flat order); gradients come back in
 * that order, with respect to the raw parameters. Not thread-safe.
 */
public final class NcapPass {
    // Roles of the per-joint effective weights; shared blocks serve two roles (dorsal and ventral).
    private static final int PROP_D = 0, PROP_V = 1, OSC_D = 2, OSC_V = 3, IPSI_D = 4, CONTRA_D = 5, IPSI_V = 6,
            CONTRA_V = 7, SPEED_D = 8, SPEED_V = 9, TURN_D = 10, TURN_V = 11, ROLES = 12;

    private final Ncap net;
    private final int batch;
    private final int joints;
    private final int inputSize;
    private final Ncap.Block[] roles = new Ncap.Block[ROLES];
    private final float[] params;
    private final float[][] eff;
    private final float scale;
    private final float halfLimit;
    private final float period;
    private final float halfPeriod;

    // Forward values the backward pass needs: per sample and joint ...
    private final float[] qdPrev, qvPrev, bdIn, bvIn, bd, bv, mdIn, mvIn;
    // ... and per sample.
    private final float[] oscD, fx, fy, control, right, left, brake;
    private final float[] output;
    private final double[][] effGradient;
    private final double[] gradient;

    /** For {@code net}'s architecture (its parameters are not read), on batches of exactly {@code batch} rows. */
    public NcapPass(Ncap net, int batch) {
        this.net = net;
        this.batch = batch;
        this.joints = net.joints;
        this.inputSize = net.inputSize;
        Ncap.Block[] r = {net.propD, net.propV, net.oscD, net.oscV, net.ipsiD, net.contraD, net.ipsiV, net.contraV,
                net.speedD, net.speedV, net.turnD, net.turnV};
        System.arraycopy(r, 0, roles, 0, ROLES);
        this.params = new float[(int) net.parameterCount()];
        this.eff = new float[ROLES][joints];
        this.effGradient = new double[ROLES][joints];
        // The graph's scalars are cast to float.
        this.scale = (float) net.scale;
        this.halfLimit = (float) (net.options.timeLimit() / 2.0);
        this.period = net.options.period();
        this.halfPeriod = net.options.period() / 2;
        int nj = batch * joints;
        qdPrev = new float[nj];
        qvPrev = new float[nj];
        bdIn = new float[nj];
        bvIn = new float[nj];
        bd = new float[nj];
        bv = new float[nj];
        mdIn = new float[nj];
        mvIn = new float[nj];
        oscD = new float[batch];
        fx = new float[batch];
        fy = new float[batch];
        control = new float[batch * 3];
        right = new float[batch];
        left = new float[batch];
        brake = new float[batch];
        output = new float[nj];
        gradient = new double[params.length];
    }

    public int batch() {
        return batch;
    }

    /**
     * The circuit's outputs ([batch][joints] row-major, owned by this object, valid until the next call) for the
     * row-major inputs ([batch][inputSize]) under the raw parameters {@code parameters}.
     */
    public float[] forward(float[] parameters, float[] inputs) {
        if (parameters.length != params.length || inputs.length != batch * inputSize) {
            throw new IllegalArgumentException("ncap pass: expected " + params.length + " parameters and " + batch + " x "
                    + inputSize + " inputs, got " + parameters.length + " and " + inputs.length);
        }
        System.arraycopy(parameters, 0, params, 0, params.length);
        for (int role = 0; role < ROLES; role++) effective(roles[role], eff[role]);
        NcapOptions o = net.options;
        boolean nav = o.navigation();
        for (int s = 0; s < batch; s++) {
            int in = s * inputSize;
            // t = round((x + 1) * timeLimit / 2); phase = t - floor(t / period) * period; dorsal if phase < period / 2.
            float t = round((inputs[in + inputSize - 1] + 1f) * halfLimit);
            float phase = t - (float) Math.floor(t / period) * period;
            oscD[s] = phase < halfPeriod ? 1f : 0f;
            if (nav) {
                int ti = o.targetIndex();
                fx[s] = -inputs[in + ti];
                fy[s] = Math.abs(inputs[in + ti + 1]);
                int w = net.taskW.offset();
                int b = net.taskB.offset();
                for (int c = 0; c < 3; c++) control[s * 3 + c] = fx[s] * params[w + c] + fy[s] * params[w + 3 + c] + params[b + c];
                right[s] = clamp01(control[s * 3]);
                left[s] = clamp01(control[s * 3 + 1]);
                brake[s] = 1f - clamp01(control[s * 3 + 2]);
            }
            float osc = oscD[s];
            float oscV = 1f - osc;
            for (int i = 0; i < joints; i++) {
                int k = s * joints + i;
                float qd = 0f;
                float qv = 0f;
                if (i > 0) {
                    float q = Math.max(-1f, Math.min(1f, inputs[in + i - 1] / scale));
                    qd = q > 0 ? q : 0f;
                    qv = -q > 0 ? -q : 0f;
                }
                qdPrev[k] = qd;
                qvPrev[k] = qv;
                float d = qd * eff[PROP_D][i];
                float v = qv * eff[PROP_V][i];
                if (nav) {
                    d = d + brake[s] * eff[SPEED_D][i];
                    v = v + brake[s] * eff[SPEED_V][i];
                    d = d + right[s] * eff[TURN_D][i];
                    v = v + left[s] * eff[TURN_V][i];
                }
                d = d + osc * eff[OSC_D][i];
                v = v + oscV * eff[OSC_V][i];
                bdIn[k] = d;
                bvIn[k] = v;
                bd[k] = clamp01(d);
                bv[k] = clamp01(v);
                mdIn[k] = bd[k] * eff[IPSI_D][i] + bv[k] * eff[CONTRA_D][i];
                mvIn[k] = bv[k] * eff[IPSI_V][i] + bd[k] * eff[CONTRA_V][i];
                output[k] = clamp01(mdIn[k]) - clamp01(mvIn[k]);
            }
        }
        return output;
    }

    /**
     * Gradients of a loss with respect to the raw parameters (flat order; owned by this object, overwritten by the
     * next call), given its gradient {@code outputGradient} ([batch][joints] row-major) with respect to the outputs of
     * the last {@link #forward}.
     */
    public double[] backward(float[] outputGradient) {
        if (outputGradient.length != batch * joints) {
            throw new IllegalArgumentException("ncap pass: expected " + batch * joints + " output gradients, got " + outputGradient.length);
        }
        for (double[] g : effGradient) Arrays.fill(g, 0.0);
        Arrays.fill(gradient, 0.0);
        boolean nav = net.options.navigation();
        int w = nav ? net.taskW.offset() : 0;
        int b = nav ? net.taskB.offset() : 0;
        for (int s = 0; s < batch; s++) {
            double dBrake = 0;
            double dRight = 0;
            double dLeft = 0;
            double osc = oscD[s];
            for (int i = 0; i < joints; i++) {
                int k = s * joints + i;
                double g = outputGradient[k];
                if (g == 0) continue;
                double dmd = inside(mdIn[k]) ? g : 0;
                double dmv = inside(mvIn[k]) ? -g : 0;
                effGradient[IPSI_D][i] += dmd * bd[k];
                effGradient[CONTRA_D][i] += dmd * bv[k];
                effGradient[IPSI_V][i] += dmv * bv[k];
                effGradient[CONTRA_V][i] += dmv * bd[k];
                double dbd = inside(bdIn[k]) ? dmd * eff[IPSI_D][i] + dmv * eff[CONTRA_V][i] : 0;
                double dbv = inside(bvIn[k]) ? dmd * eff[CONTRA_D][i] + dmv * eff[IPSI_V][i] : 0;
                effGradient[PROP_D][i] += dbd * qdPrev[k];
                effGradient[PROP_V][i] += dbv * qvPrev[k];
                effGradient[OSC_D][i] += dbd * osc;
                effGradient[OSC_V][i] += dbv * (1 - osc);
                if (nav) {
                    effGradient[SPEED_D][i] += dbd * brake[s];
                    effGradient[SPEED_V][i] += dbv * brake[s];
                    effGradient[TURN_D][i] += dbd * right[s];
                    effGradient[TURN_V][i] += dbv * left[s];
                    dBrake += dbd * eff[SPEED_D][i] + dbv * eff[SPEED_V][i];
                    dRight += dbd * eff[TURN_D][i];
                    dLeft += dbv * eff[TURN_V][i];
                }
            }
            if (nav) {
                // brake = 1 - clamp01(control_2): the sign flips.
                double[] dControl = {inside(control[s * 3]) ? dRight : 0, inside(control[s * 3 + 1]) ? dLeft : 0,
                        inside(control[s * 3 + 2]) ? -dBrake : 0};
                for (int c = 0; c < 3; c++) {
                    gradient[w + c] += fx[s] * dControl[c];
                    gradient[w + 3 + c] += fy[s] * dControl[c];
                    gradient[b + c] += dControl[c];
                }
            }
        }
        // Effective weights back to the raw ones: through the expansion, then exc/inh (shared blocks sum both roles).
        for (int role = 0; role < ROLES; role++) {
            Ncap.Block block = roles[role];
            if (block == null) continue;
            for (int p = 0; p < block.size(); p++) {
                double sum = 0;
                if (block.expand() == null) {
                    sum = effGradient[role][p];
                } else {
                    for (int i = 0; i < joints; i++) sum += block.expand()[p * joints + i] * effGradient[role][i];
                }
                gradient[block.offset() + p] += sum * signDerivative(block.sign(), params[block.offset() + p]);
            }
        }
        return gradient;
    }

    /** Per-joint effective weights of one role: exc/inh, then the expansion (a 0/1 matrix, so exact in float). */
    private void effective(Ncap.Block block, float[] into) {
        Arrays.fill(into, 0f);
        if (block == null) return;
        for (int p = 0; p < block.size(); p++) {
            float v = signed(block.sign(), params[block.offset() + p]);
            if (block.expand() == null) {
                into[p] = v;
            } else {
                for (int i = 0; i < joints; i++) into[i] += v * (float) block.expand()[p * joints + i];
            }
        }
    }

    private float signed(Ncap.Sign sign, float w) {
        if (!net.options.signConstraints()) return w;
        return switch (sign) {
            case EXC -> w > 0 ? w : 0f;      // relu(w)
            case INH -> -w > 0 ? w : 0f;     // -relu(-w)
            case FREE -> w;
        };
    }

    /** d signed(w) / dw with relu's convention (0 at w = 0). */
    private double signDerivative(Ncap.Sign sign, float w) {
        if (!net.options.signConstraints()) return 1;
        return switch (sign) {
            case EXC -> w > 0 ? 1 : 0;
            case INH -> w < 0 ? 1 : 0;
            case FREE -> 1;
        };
    }

    private static float clamp01(float x) {
        return x < 0f ? 0f : (x > 1f ? 1f : x);
    }

    /** Where clamp01 passes its gradient: strictly inside (0, 1), as SameDiff's clipByValue. */
    private static boolean inside(float x) {
        return x > 0f && x < 1f;
    }

    /** Rounds half away from zero, as SameDiff's round. */
    private static float round(float v) {
        float a = Math.abs(v);
        float f = (float) Math.floor(a);
        return Math.copySign(a - f >= 0.5f ? f + 1f : f, v);
    }
}
