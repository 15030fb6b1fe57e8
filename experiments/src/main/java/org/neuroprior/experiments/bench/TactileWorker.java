package org.neuroprior.experiments.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.agents.Adam;
import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.architectures.BatchPass;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.tactile.GptAttender;
import org.neuroprior.experiments.tactile.Classification;
import org.neuroprior.experiments.train.ProcessMemory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Java side of {@link TactileBenchmark}, one process per model and thread count (ND4J reads its thread count,
 * OMP_NUM_THREADS, once at start): the model of a spec on its architecture's first example (a whisker sweep
 * classified into the procedural classes), trained on one random batch (Gaussian frames, uniform labels) by
 * forward, softmax cross-entropy, backward and Adam (learning rate 1e-4), the same steps as the PyTorch reference
 * scripts/bench/tactile_torch.py.
 *
 * <p>Protocol: arguments {@code SPEC BATCH SEED}; it prints one JSON line with the model's parameter shapes, then
 * answers each command on stdin with one JSON line: {@code train K} (K training steps: samples/s, resident and peak
 * MB), {@code infer K} (K forward passes), {@code epoch K} (K training steps, the resident MB after each), {@code quit}.
 */
public final class TactileWorker {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Model model;
    private final int batch;
    private final int classes;
    private final INDArray inputs;
    private final int[] labels;
    private final Adam adam;
    private final BatchPass pass;

    private TactileWorker(Model model, int batch, long seed) {
        this.model = model;
        this.batch = batch;
        this.classes = model.outputSize();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[batch * model.inputSize()];
        for (int i = 0; i < x.length; i++) x[i] = (float) gaussian(rng);
        int[] in = model.io().inputShape();
        this.inputs = Nd4j.create(x, new long[] {batch, in[0], in[1], in[2]}, 'c');
        this.labels = new int[batch];
        for (int b = 0; b < batch; b++) labels[b] = rng.nextInt(classes);
        this.adam = new Adam(model.parameterCount(), 1e-4);
        this.pass = model.pass(batch, 1, false);
    }

    /** The model of {@code spec} on its architecture's first example (the benchmark's model). */
    static Model model(String spec, long seed) {
        Architectures.Spec s = Architectures.spec(spec);
        Architecture a = s.architecture();
        if (a.examples().isEmpty()) throw new IllegalArgumentException("architecture '" + a.name() + "' has no typical input to benchmark on");
        return a.create(a.examples().get(0).io(), a.resolve(s.options(), Map.of()), seed);
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** One training step: forward, cross-entropy against the labels, backward, Adam. */
    private void trainStep() {
        float[] logits = pass.forward(inputs, null, null).dup('c').data().asFloat();
        float[] dLogits = new float[logits.length];
        Classification.crossEntropy(logits, labels, batch, classes, dLogits, null);
        float[] gradient = pass.backward(Nd4j.create(dLogits, new long[] {batch, classes}, 'c'), null);
        model.parameters().update(p -> adam.descend(p, gradient));
    }

    private Map<String, Object> run(String command, int steps) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Double> resident = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            switch (command) {
                case "train" -> trainStep();
                case "infer" -> pass.forward(inputs, null, null);
                case "epoch" -> {
                    trainStep();
                    resident.add(ProcessMemory.residentMb());
                }
                default -> throw new IllegalArgumentException("command '" + command + "' is not valid; accepted: train K, infer K, epoch K, quit");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.put("samples_per_s", steps * batch / seconds);
        out.put("rss_mb", ProcessMemory.residentMb());
        out.put("peak_mb", ProcessMemory.peakMb());
        if (!resident.isEmpty()) out.put("rss_trace_mb", resident);
        return out;
    }

    /** Arguments {@code SPEC BATCH SEED}; see the class comment for the protocol. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) throw new IllegalArgumentException("usage: TactileWorker SPEC BATCH SEED");
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);                  // ND4J's and the logger's lines stay off the protocol
        Model model = model(args[0], Long.parseLong(args[2]));
        TactileWorker worker = new TactileWorker(model, Integer.parseInt(args[1]), Long.parseLong(args[2]));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("parameters", model.parameterCount());
        header.put("threads", Nd4j.getEnvironment().maxThreads());
        Map<String, List<Integer>> shapes = new LinkedHashMap<>();
        for (var b : model.parameters().blocks()) shapes.put(b.name(), java.util.Arrays.stream(b.shape()).boxed().toList());
        header.put("shapes", shapes);
        // The one size of the attender its parameter shapes do not give, for the PyTorch twin.
        for (var part : model.parts()) if (part instanceof GptAttender gpt) header.put("attender_heads", gpt.heads());
        out.println(JSON.writeValueAsString(header));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] words = line.trim().split("\\s+");
            if (words[0].isEmpty() || words[0].equals("quit")) break;
            out.println(JSON.writeValueAsString(worker.run(words[0], Integer.parseInt(words[1]))));
        }
        worker.pass.close();
    }
}
