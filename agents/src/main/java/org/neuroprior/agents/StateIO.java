package org.neuroprior.agents;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.neuroprior.architectures.Model;
import org.neuroprior.envs.wrappers.RunningMeanStd;

/**
 * Pieces of agent state in checkpoints, with no size limits (strings and arrays carry an int length, unlike
 * {@code writeUTF}'s 64 KB): a model's parameters and observation statistics, float arrays, text.
 */
public final class StateIO {
    private StateIO() {
    }

    public static void writeText(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** @throws IOException if the stream is truncated or the length is not valid */
    public static String readText(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) throw new IOException("bad text length " + n);
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new IOException("truncated text: " + b.length + " of " + n + " bytes");
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Writes the agent's registered name first, so that another agent's checkpoint is recognised ({@link #readKind}). */
    public static void writeKind(DataOutputStream out, String kind) throws IOException {
        writeText(out, kind);
    }

    /** @throws IOException naming both if the state was written by another agent than {@code kind} */
    public static void readKind(DataInputStream in, String kind) throws IOException {
        String saved = readText(in);
        if (!saved.equals(kind)) throw new IOException("checkpoint is for agent '" + saved + "', not '" + kind + "'");
    }

    public static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) out.writeFloat(v);
    }

    /** @throws IOException if the saved array has another length than {@code into} */
    public static void readFloats(DataInputStream in, float[] into, String what) throws IOException {
        int n = in.readInt();
        if (n != into.length) throw new IOException("checkpoint holds " + n + " values of " + what + "; this agent has " + into.length);
        for (int i = 0; i < n; i++) into[i] = in.readFloat();
    }

    /** A model's parameters and, if it has one, its observation statistics. */
    public static void writeModel(DataOutputStream out, Model model) throws IOException {
        writeFloats(out, model.parameters().toArray());
        out.writeBoolean(model.normalizer() != null);
        if (model.normalizer() != null) writeText(out, model.normalizer().stats().toText());
    }

    /** @throws IOException if the saved model does not fit {@code model} */
    public static void readModel(DataInputStream in, Model model, String what) throws IOException {
        float[] p = new float[model.parameterCount()];
        readFloats(in, p, what + " parameters");
        model.parameters().set(p);
        boolean normalized = in.readBoolean();
        if (normalized != (model.normalizer() != null)) {
            throw new IOException("checkpoint's " + what + (normalized ? " has" : " has no") + " observation statistics; this one "
                    + (normalized ? "has none" : "has"));
        }
        if (normalized) {
            try {
                model.normalizer().restore(RunningMeanStd.Stats.parse(readText(in)));
            } catch (IllegalArgumentException e) {
                throw new IOException("checkpoint's " + what + " observation statistics do not fit: " + e.getMessage(), e);
            }
        }
    }
}
