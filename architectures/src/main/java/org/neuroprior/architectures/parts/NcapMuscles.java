package org.neuroprior.architectures.parts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.Part;
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
 * <p>The plain-Java step and the fused pass repeat the graph's float operations in its order and use SameDiff's
 * derivatives at the kinks (see {@link NcapBNeurons}); the fused pass always returns dL/d input when asked (the
 * B-neurons' gradient, where a model's chain continues).
 */
public final class NcapMuscles implements Part {
    private static final int IPSI_D = 0, CONTRA_D = 1, IPSI_V = 2, CONTRA_V = 3, ROLES = 4;

    private final String name;
    private final NcapCircuit circuit;
    private final int joints;
    private final Synapse[] roles = new Synapse[ROLES];
    private final int[] roleOffsets = new int[ROLES];
    private final List<ParameterSpec> parameters;

    /**
     * @param name    the part's name ({@code muscles} in an NCAP model)
     * @param circuit the circuit
     */
    public NcapMuscles(String name, NcapCircuit circuit) {
        this.name = name;
        this.circuit = circuit;
        this.joints = circuit.joints();
        int j = joints;
        if (circuit.sharing()) {
            Synapse ipsi = circuit.pair("ipsi", Sign.EXC, 0, j).get(0);
            Synapse contra = circuit.pair("contra", Sign.INH, 0, j).get(0);
            roles[IPSI_D] = roles[IPSI_V] = ipsi;
            roles[CONTRA_D] = roles[CONTRA_V] = contra;
        } else {
            // The published order: ipsi_d, contra_d (the dorsal muscle's inputs), then ipsi_v, contra_v.
            List<Synapse> ipsi = circuit.pair("ipsi", Sign.EXC, 0, j);
            List<Synapse> contra = circuit.pair("contra", Sign.INH, 0, j);
            roles[IPSI_D] = ipsi.get(0);
            roles[CONTRA_D] = contra.get(0);
            roles[IPSI_V] = ipsi.get(1);
            roles[CONTRA_V] = contra.get(1);
        }
        List<ParameterSpec> specs = new ArrayList<>();
        int at = 0;
        for (Synapse s : NcapCircuit.blocks(roles)) {
            for (int r = 0; r < ROLES; r++) if (roles[r] == s) roleOffsets[r] = at;
            specs.add(circuit.spec(s));
            at += s.size();
        }
        this.parameters = List.copyOf(specs);
    }

    @Override
    public String name() {
        return name;
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
    public List<ParameterSpec> parameters() {
        return parameters;
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        SameDiff sd = scope.sd();
        int j = joints;
        SDVariable x = input.reshape(-1, 2 * j);
        SDVariable bd = x.get(SDIndex.all(), SDIndex.interval(0, j));
        SDVariable bv = x.get(SDIndex.all(), SDIndex.interval(j, 2 * j));
        SDVariable[] eff = new SDVariable[ROLES];
        for (int r = 0; r < ROLES; r++) {
            int same = r >= 2 && roles[r] == roles[r - 2] ? r - 2 : -1;
            eff[r] = same >= 0 ? eff[same] : circuit.define(scope, roles[r]);
        }
        SDVariable md = NcapCircuit.graded(sd, bd.mul(eff[IPSI_D]).add(bv.mul(eff[CONTRA_D])));
        SDVariable mv = NcapCircuit.graded(sd, bv.mul(eff[IPSI_V]).add(bd.mul(eff[CONTRA_V])));
        return new Output(md.sub(mv), null);
    }

    @Override
    public JavaStep javaStep() {
        Kernel k = new Kernel(1);
        return (parameters, base, input, state, stateOffset, output) -> {
            k.effective.refresh(parameters, base);
            k.sample(input, 0, output, 0, 0, false);
        };
    }

    @Override
    public FusedPass fusedPass(int batch) {
        return new Pass(batch);
    }

    /**
     * The muscles' arithmetic on float arrays, keeping what the backward pass needs for {@code rows} samples. The
     * effective weights' rows are held directly (they are refreshed in place).
     */
    private final class Kernel {
        private final NcapCircuit.Effective effective = circuit.effective(roles, roleOffsets);
        private final float[] ipsiD = effective.weight[IPSI_D];
        private final float[] contraD = effective.weight[CONTRA_D];
        private final float[] ipsiV = effective.weight[IPSI_V];
        private final float[] contraV = effective.weight[CONTRA_V];
        // Per sample and joint: the muscles' inputs.
        private final float[] dorsalIn;
        private final float[] ventralIn;

        Kernel(int rows) {
            dorsalIn = new float[rows * joints];
            ventralIn = new float[rows * joints];
        }

        /**
         * One sample: B-neurons {@code x[in .. in + 2J)} -> torques {@code out[at .. at + J)}, and, if {@code trace},
         * the muscles' inputs at row {@code s} for the backward pass.
         */
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

        /**
         * Back-propagates {@code g} ([rows][J]) through the last samples {@code x} ([rows][2J], the B-neurons):
         * gradients with respect to the effective weights into {@code effectiveGradient}, dL/d input ([rows][2J])
         * into {@code inputGradient} if it is not null.
         */
        void backward(int rows, float[] x, float[] g, double[][] effectiveGradient, float[] inputGradient) {
            int j = joints;
            for (double[] row : effectiveGradient) Arrays.fill(row, 0.0);
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

    /** The fused pass: {@link Kernel} over a batch, on buffers allocated once. */
    private final class Pass extends HostPass {
        private final Kernel kernel;
        private final double[][] effectiveGradient = new double[ROLES][joints];

        Pass(int rows) {
            super(rows, new int[] {2 * joints}, joints);
            this.kernel = new Kernel(rows);
        }

        @Override
        protected void compute(Parameters parameters, int base) {
            kernel.effective.refresh(parameters, base);
            for (int s = 0; s < rows; s++) kernel.sample(input, s * 2 * joints, output, s * joints, s, true);
        }

        @Override
        protected void differentiate(float[] gradient, int base, float[] inputGradient) {
            kernel.backward(rows, input, outputGradient, effectiveGradient, inputGradient);
            kernel.effective.backward(effectiveGradient, gradient, base);
        }
    }
}
