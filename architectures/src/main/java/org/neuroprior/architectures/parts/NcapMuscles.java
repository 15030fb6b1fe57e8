package org.neuroprior.architectures.parts;

import java.util.List;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.neuroprior.architectures.PartScope;
import org.neuroprior.architectures.parts.NcapCircuit.Sign;
import org.neuroprior.architectures.parts.NcapCircuit.Synapse;

/**
 * NCAP's antagonistic muscles (Bhattasali, Zador and Engel 2022): the B-neuron activity {@code [b_d (J), b_v (J)]}
 * ({@link NcapBNeurons}) -> J joint torques in [-1, 1], sent directly as the motor controls.
 *
 * <p><b>Function</b>, with {@code graded(x) = clamp(x, 0, 1)} and exc/inh as in {@link NcapCircuit}:
 * <pre>
 *   m_d[i] = graded(b_d[i] exc(ipsi_d[i]) + b_v[i] inh(contra_d[i]))
 *   m_v[i] = graded(b_v[i] exc(ipsi_v[i]) + b_d[i] inh(contra_v[i]))
 *   torque[i] = m_d[i] - m_v[i]
 * </pre>
 *
 * <p><b>Parameters</b>, in flat order, each [1, n]: shared: {@code w_ipsi, w_contra} (1 each); not shared:
 * {@code w_ipsi_d} (dorsal B to dorsal muscle), {@code w_contra_d} (ventral B to dorsal muscle), {@code w_ipsi_v},
 * {@code w_contra_v} (dorsal B to ventral muscle), J each.
 *
 * <p>The plain-Java step and the fused pass repeat the graph's float operations in its order and use
 * the reference code's (PyTorch's) derivatives at the kinks (see {@link NcapBNeurons}); the fused pass always returns dL/d input when asked (the
 * B-neurons' gradient, where a model's chain continues).
 */
public final class NcapMuscles extends NcapPart {
    private static final int IPSI_D = 0, CONTRA_D = 1, IPSI_V = 2, CONTRA_V = 3, ROLES = 4;

    /**
     * @param name    the part's name ({@code muscles} in an NCAP model)
     * @param circuit the circuit
     */
    public NcapMuscles(String name, NcapCircuit circuit) {
        super(name, circuit, roles(circuit), List.of());
    }

    /** In the published order: ipsi_d, contra_d (the dorsal muscle's inputs), then ipsi_v, contra_v. */
    private static Synapse[] roles(NcapCircuit circuit) {
        List<Synapse> ipsi = circuit.pair("ipsi", Sign.EXC, 0, circuit.joints());
        List<Synapse> contra = circuit.pair("contra", Sign.INH, 0, circuit.joints());
        Synapse[] roles = new Synapse[ROLES];
        roles[IPSI_D] = ipsi.get(0);
        roles[CONTRA_D] = contra.get(0);
        roles[IPSI_V] = ipsi.get(1);
        roles[CONTRA_V] = contra.get(1);
        return roles;
    }

    /** {@code [2 J]}: the dorsal B-neurons, then the ventral ones. */
    @Override
    public int[] inputShape() {
        return new int[] {2 * joints};
    }

    /** {@code [J]}: the torques. */
    @Override
    public int[] outputShape() {
        return new int[] {joints};
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        SameDiff sd = scope.sd();
        int j = joints;
        SDVariable x = input.reshape(-1, 2 * j);
        SDVariable bd = x.get(SDIndex.all(), SDIndex.interval(0, j));
        SDVariable bv = x.get(SDIndex.all(), SDIndex.interval(j, 2 * j));
        SDVariable[] eff = circuit.define(scope, roles);
        SDVariable md = NcapCircuit.graded(sd, bd.mul(eff[IPSI_D]).add(bv.mul(eff[CONTRA_D])));
        SDVariable mv = NcapCircuit.graded(sd, bv.mul(eff[IPSI_V]).add(bd.mul(eff[CONTRA_V])));
        return new Output(md.sub(mv), null);
    }

    @Override
    NcapKernel kernel(int rows) {
        return new Kernel(rows);
    }

    /**
     * The muscles' arithmetic on float arrays, keeping what the backward pass needs for {@code rows} samples. The
     * effective weights' rows are held directly (they are refreshed in place).
     */
    private final class Kernel extends NcapKernel {
        private final float[] ipsiD = effective.weight[IPSI_D];
        private final float[] contraD = effective.weight[CONTRA_D];
        private final float[] ipsiV = effective.weight[IPSI_V];
        private final float[] contraV = effective.weight[CONTRA_V];
        // Per sample and joint: the muscles' inputs.
        private final float[] dorsalIn;
        private final float[] ventralIn;

        Kernel(int rows) {
            super(NcapMuscles.this);
            dorsalIn = new float[rows * joints];
            ventralIn = new float[rows * joints];
        }

        @Override
        void sample(float[] x, int in, float[] out, int at, int s, boolean trace) {
            int j = joints;
            for (int i = 0, k = s * j; i < j; i++, k++) {
                float bd = x[in + i];
                float bv = x[in + j + i];
                float md = bd * ipsiD[i] + bv * contraD[i];
                float mv = bv * ipsiV[i] + bd * contraV[i];
                if (trace) {
                    dorsalIn[k] = md;
                    ventralIn[k] = mv;
                }
                out[at + i] = NcapCircuit.gradedUnpredictable(md) - NcapCircuit.gradedUnpredictable(mv);
            }
        }

        @Override
        protected void accumulate(int rows, float[] x, float[] g, float[] gradient, int gradientBase, float[] inputGradient) {
            int j = joints;
            double[] gIpsiD = effectiveGradient[IPSI_D];
            double[] gContraD = effectiveGradient[CONTRA_D];
            double[] gIpsiV = effectiveGradient[IPSI_V];
            double[] gContraV = effectiveGradient[CONTRA_V];
            for (int s = 0; s < rows; s++) {
                int in = s * 2 * j;
                for (int i = 0, k = s * j; i < j; i++, k++) {
                    double gi = g[k];
                    float bd = x[in + i];
                    float bv = x[in + j + i];
                    double dmd = NcapCircuit.gradedSlope(dorsalIn[k]) * gi;
                    double dmv = -NcapCircuit.gradedSlope(ventralIn[k]) * gi;
                    gIpsiD[i] += dmd * bd;
                    gContraD[i] += dmd * bv;
                    gIpsiV[i] += dmv * bv;
                    gContraV[i] += dmv * bd;
                    if (inputGradient != null) {
                        inputGradient[in + i] = (float) (dmd * ipsiD[i] + dmv * contraV[i]);
                        inputGradient[in + j + i] = (float) (dmd * contraD[i] + dmv * ipsiV[i]);
                    }
                }
            }
        }
    }
}
