package org.neuroprior.architectures.parts;

import java.util.ArrayList;
import java.util.List;

import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.parts.NcapCircuit.Synapse;

/**
 * What NCAP's two parts ({@link NcapBNeurons}, {@link NcapMuscles}) share: the circuit, their synapses by role (with
 * weight sharing the dorsal and the ventral role of a kind of synapse are one block), their parameter blocks, and an
 * {@link NcapKernel} that serves as the plain-Java step and, over a batch, as the fused pass.
 */
abstract class NcapPart implements Part {
    protected final String name;
    protected final NcapCircuit circuit;
    protected final int joints;
    /** The part's synapses by role (null where the circuit has none). */
    protected final Synapse[] roles;
    /** Each role's block offset within the part's parameters. */
    protected final int[] roleOffsets;
    /** Parameters of the part after its synapses' blocks start here (within the part). */
    protected final int synapseSize;
    private final List<ParameterSpec> parameters;

    /**
     * @param roles the part's synapses by role
     * @param extra parameter blocks that are not synapses, laid out after them
     */
    NcapPart(String name, NcapCircuit circuit, Synapse[] roles, List<ParameterSpec> extra) {
        this.name = name;
        this.circuit = circuit;
        this.joints = circuit.joints();
        this.roles = roles;
        this.roleOffsets = new int[roles.length];
        List<ParameterSpec> specs = new ArrayList<>(circuit.specs(roles, roleOffsets));
        this.synapseSize = specs.stream().mapToInt(ParameterSpec::size).sum();
        specs.addAll(extra);
        this.parameters = List.copyOf(specs);
    }

    @Override
    public String name() {
        return name;
    }

    public NcapCircuit circuit() {
        return circuit;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return parameters;
    }

    /** The part's arithmetic for {@code rows} samples. */
    abstract NcapKernel kernel(int rows);

    @Override
    public JavaStep javaStep() {
        return kernel(1);
    }

    @Override
    public FusedPass fusedPass(int batch) {
        int outputSize = 1;
        for (int d : outputShape()) outputSize *= d;
        return NcapKernel.pass(kernel(batch), batch, inputShape(), outputSize);
    }
}
