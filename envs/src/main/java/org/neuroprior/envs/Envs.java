package org.neuroprior.envs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.neuroprior.envs.classic.CartPoleEnv;
import org.neuroprior.envs.gridworld.GridLayout;
import org.neuroprior.envs.gridworld.GridWorldEnv;
import org.neuroprior.envs.swimmer.NavigateTask;
import org.neuroprior.envs.swimmer.SwimTask;
import org.neuroprior.envs.swimmer.SwimmerEnv;
import org.neuroprior.envs.swimmer.SwimmerModel;
import org.neuroprior.envs.swimmer.SwimmerTask;
import org.neuroprior.envs.whisker.SweepProtocol;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.WhiskerPhysics;
import org.neuroprior.envs.whisker.data.Split;
import org.neuroprior.envs.whisker.data.WhiskerDataset;
import org.neuroprior.envs.whisker.objects.ObjectCatalog;
import org.neuroprior.envs.whisker.objects.ObjectClasses;
import org.neuroprior.envs.whisker.tasks.SignalScaling;
import org.neuroprior.envs.whisker.tasks.WhiskerActiveEnv;
import org.neuroprior.envs.whisker.tasks.WhiskerSweepEnv;
import org.neuroprior.envs.wrappers.TimeFeature;
import org.neuroprior.envs.wrappers.TimeLimit;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;
import org.neuroprior.registry.Registry;
import org.neuroprior.registry.Resolved;

/**
 * The registry of environments shipped with NeuroPrior, by id (like {@code gymnasium.make}).
 *
 * <pre>{@code
 * Env<double[]> env = Envs.makeContinuous("swimmer-swim", Map.of("bodies", 6, "time_feature", true));
 * }</pre>
 *
 * <table>
 * <caption>Registered environments</caption>
 * <tr><th>id</th><th>what</th></tr>
 * <tr><td>swimmer-swim</td><td>dm_control swimmer swimming forward (NCAP's task), Box actions in [-1, 1]</td></tr>
 * <tr><td>swimmer-navigate</td><td>dm_control swimmer reaching a target, Box actions in [-1, 1]</td></tr>
 * <tr><td>whisker-sweep</td><td>name the class of an object swept past the mouse whisker array, Discrete(classes)</td></tr>
 * <tr><td>whisker-active</td><td>move the whiskered head to find an object, then name its class, Discrete(6 + classes)</td></tr>
 * <tr><td>cartpole</td><td>Gymnasium's CartPole-v1, Discrete(2): a small, fast check of discrete agents</td></tr>
 * <tr><td>gridworld</td><td>a room with a hidden goal seen as an image (Fang and Stachenfeld 2024), Discrete(4)</td></tr>
 * </table>
 * {@link #specs()} lists each one's options with defaults and accepted ranges. Another project adds its own
 * environments with {@link #register}; they are then built by id like these, by the command line too.
 */
public final class Envs {
    private static final Registry<EnvSpec> REGISTRY = new Registry<>("environment id");

    static {
        registerBuiltIns();
    }

    private Envs() {
    }

    /**
     * Registers an environment so that it can be built by id ({@link #make}) and named in configs.
     *
     * @throws IllegalArgumentException if the id is taken or not valid
     */
    public static void register(EnvSpec spec) {
        REGISTRY.register(spec);
    }

    /** The registry itself (for listings). */
    public static Registry<EnvSpec> registry() {
        return REGISTRY;
    }

    private static void registerBuiltIns() {
        Options swimmerOptions = Options.of(
                Option.integer("bodies", SwimmerModel.DEFAULT_BODIES, SwimmerModel.MIN_BODIES, SwimmerModel.MAX_BODIES,
                        "number of links (head included); joints = bodies - 1"),
                Option.integer("time_limit", SwimmerEnv.DEFAULT_TIME_LIMIT, 1, 1_000_000,
                        "control steps (30 ms each) before the episode is truncated"),
                Option.flag("time_feature", false,
                        "append the time feature: -1 at reset rising to +1 at the time limit (NCAP's oscillator uses it)"));
        register(new EnvSpec("swimmer-swim",
                "dm_control swimmer swimming forward as fast as it can (NCAP task); reward 1 at >= 0.1 m/s",
                swimmerOptions.plus(Option.number("desired_speed", SwimTask.DEFAULT_DESIRED_SPEED, 0.001, 100,
                        "forward speed (m/s) that earns the full reward of 1 per step")),
                o -> swimmer(new SwimTask(o.number("desired_speed")), o)));
        register(new EnvSpec("swimmer-navigate",
                "dm_control swimmer bringing its nose to a target; observation adds to_target",
                swimmerOptions, o -> swimmer(new NavigateTask(), o)));
        registerWhiskerTasks();
        register(new EnvSpec("cartpole",
                "Gymnasium's CartPole-v1: push the cart left or right to keep the pole up; reward 1 per step (a small check of discrete agents)",
                Options.of(Option.integer("time_limit", 500, 1, 1_000_000, "steps before the episode is truncated (CartPole-v1: 500)")),
                o -> new TimeLimit<>(new CartPoleEnv(), o.integer("time_limit"))));
        registerGridWorld();
    }

    private static void registerGridWorld() {
        Options options = Options.of(
                Option.integer("size", GridWorldEnv.DEFAULT_SIZE, 2, 64,
                        "cells inside the walls along one side (the paper's room: 8, a 10 x 10 image)"),
                Option.flag("shuffle", false, "observe the pixels through one fixed permutation of all of them, walls included (from layout_seed)"),
                Option.longInteger("layout_seed", 0, -9_000_000_000_000_000L, 9_000_000_000_000_000L,
                        "draws the hidden goal and the permutations: every copy of the room with this seed is the same room"),
                Option.integer("time_limit", GridWorldEnv.DEFAULT_TIME_LIMIT, 1, 1_000_000, "steps before the episode is truncated"),
                Option.choice("transfer", GridWorldEnv.Transfer.NONE.key(), GridWorldEnv.Transfer.keys(),
                        "what changes after transfer_after episodes: none, goal (it moves more than 3 cells away) or permutation (a new one)"),
                Option.integer("transfer_after", 600, 0, 1_000_000_000,
                        "episodes of this environment instance before the transfer (each copy of a vector env counts its own)"));
        register(new EnvSpec("gridworld",
                "a room of size x size cells inside walls seen as one image; find the hidden goal (reward 1) from a random start (Fang and Stachenfeld 2024)",
                options, o -> new TimeLimit<>(new GridWorldEnv(GridLayout.draw(o.integer("size"), o.longInteger("layout_seed")),
                        o.flag("shuffle"), GridWorldEnv.Transfer.of(o.choice("transfer")), o.integer("transfer_after")),
                        o.integer("time_limit")), false));
    }

    private static void registerWhiskerTasks() {
        Options common = Options.of(
                Option.subset("classes", ObjectClasses.names(), "procedural object classes, in label order"),
                Option.choice("transform", SignalScaling.Kind.LOG.key(), SignalScaling.Kind.keys(),
                        "how base forces (uN) and moments (uN mm) are scaled: log = sign(x) ln(1 + |x|/signal_scale), linear = x/signal_scale"),
                Option.number("signal_scale", SignalScaling.DEFAULT_SCALE, 1e-6, 1e9, "uN (and uN mm) per observation unit"),
                Option.integer("links", WhiskerPhysics.defaults().linksPerWhisker(), 2, WhiskerPhysics.MAX_LINKS,
                        "rigid links per whisker: fewer run faster, more bend more smoothly"));
        Options sweep = Options.of(Option.choice("protocol", "high", List.of("high", "low"),
                "sweep protocol: high or low variation of the object's pose and speed")).plus(common.list().toArray(Option[]::new))
                .plus(Option.integer("frames_per_step", 1, 1, SweepSample.FRAMES,
                                "frames shown per step, a divisor of 110 (5: 22 steps of 5 frames, one EAD image each)"),
                        Option.choice("obs_type", WhiskerSweepEnv.Observation.VECTOR.key(), WhiskerSweepEnv.Observation.keys(),
                                "vector: 210 k + 1 values, per cell 6 k channels (6 x frame + feature), then the progress in [-1, 1]; "
                                        + "frames: a Box [k, 35, 6] as the EAD models read it, without the progress (the step count must come from the model's state)"),
                        Option.text("dataset", "",
                                "a whisker-data directory: replay its sweeps instead of simulating one at each reset (classes from the dataset)"),
                        Option.choice("split", Split.TRAIN.directory(), Arrays.stream(Split.values()).map(Split::directory).toList(),
                                "which split of the dataset to replay"));
        register(new EnvSpec("whisker-sweep",
                "one object sweeps past the mouse whisker array; watch 110 frames, name its class at the last (reward 1 if right)",
                sweep, o -> whiskerSweep(o, sweep), true));
        Options active = common.plus(Option.integer("time_limit", WhiskerActiveEnv.DEFAULT_TIME_LIMIT, 1, 1_000_000,
                "control steps (20 ms each) before the episode is truncated"),
                Option.number("step_cost", WhiskerActiveEnv.DEFAULT_STEP_COST, 0, 1, "subtracted from the reward of every step"),
                Option.number("head_speed", WhiskerActiveEnv.DEFAULT_HEAD_SPEED, 1, 500, "head speed of a move (mm/s)"));
        register(new EnvSpec("whisker-active",
                "move the whiskered head (6 moves) to find an object beside it, then name its class (reward 1 if right, minus a cost per step)",
                active, Envs::whiskerActive, true));
    }

    private static Env<?> whiskerSweep(Resolved o, Options options) {
        int framesPerStep = o.integer("frames_per_step");
        WhiskerSweepEnv.Observation observation = WhiskerSweepEnv.Observation.of(o.choice("obs_type"));
        String dataset = o.get("dataset").toString().strip();
        if (dataset.isEmpty()) {
            return new WhiskerSweepEnv(catalog(o), SweepProtocol.named(o.choice("protocol")), scaling(o), whiskerPhysics(o), framesPerStep, observation);
        }
        // The dataset fixes the classes, the protocol and the simulator: options that would choose them are refused.
        for (String fixed : List.of("classes", "protocol", "links")) {
            if (!o.get(fixed).equals(options.get(fixed).defaultValue())) {
                throw new IllegalArgumentException("option '" + fixed + "' does not apply with 'dataset': the dataset " + dataset
                        + " fixes its sweeps' " + fixed + "; leave it out");
            }
        }
        WhiskerDataset data;
        try {
            data = WhiskerDataset.open(Path.of(dataset));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the whisker dataset " + dataset + ": " + e.getMessage(), e);
        }
        return WhiskerSweepEnv.replaying(data.split(Split.named(o.choice("split"))), data.classNames(), scaling(o), framesPerStep, observation);
    }

    private static Env<?> whiskerActive(Resolved o) {
        int limit = o.integer("time_limit");
        Env<Integer> env = new WhiskerActiveEnv(catalog(o), scaling(o), whiskerPhysics(o), o.number("head_speed"), o.number("step_cost"));
        return new TimeFeature<>(new TimeLimit<>(env, limit), limit);
    }

    private static ObjectCatalog catalog(Resolved o) {
        return ObjectCatalog.procedural(o.subset("classes"));
    }

    private static SignalScaling scaling(Resolved o) {
        return new SignalScaling(SignalScaling.Kind.of(o.choice("transform")), o.number("signal_scale"));
    }

    private static WhiskerPhysics whiskerPhysics(Resolved o) {
        return WhiskerPhysics.defaults().withLinks(o.integer("links"));
    }

    private static Env<?> swimmer(SwimmerTask task, Resolved o) {
        int limit = o.integer("time_limit");
        Env<double[]> env = new TimeLimit<>(new SwimmerEnv(task, o.integer("bodies")), limit);
        if (o.flag("time_feature")) env = new TimeFeature<>(env, limit);
        return env;
    }

    /** Every registered environment, in id order. */
    public static Collection<EnvSpec> specs() {
        return REGISTRY.all();
    }

    /**
     * The spec registered under {@code id}.
     *
     * @throws IllegalArgumentException naming the unknown id and listing the registered ones
     */
    public static EnvSpec spec(String id) {
        return REGISTRY.get(id);
    }

    /** Builds the environment {@code id} with the given options (the others at their defaults). */
    public static Env<?> make(String id, Map<String, ?> options) {
        return spec(id).make(options);
    }

    /** Builds an environment whose action space is a {@link Box}. */
    @SuppressWarnings("unchecked")
    public static Env<double[]> makeContinuous(String id, Map<String, ?> options) {
        Env<?> env = make(id, options);
        if (!(env.actionSpace() instanceof Box)) {
            env.close();
            throw new IllegalArgumentException(id + " has action space " + env.actionSpace() + ", not a Box");
        }
        return (Env<double[]>) env;
    }

    /** Builds an environment whose action space is {@link Discrete}. */
    @SuppressWarnings("unchecked")
    public static Env<Integer> makeDiscrete(String id, Map<String, ?> options) {
        Env<?> env = make(id, options);
        if (!(env.actionSpace() instanceof Discrete)) {
            env.close();
            throw new IllegalArgumentException(id + " has action space " + env.actionSpace()
                    + ", not Discrete; wrap it with DiscretizeAction for discrete agents");
        }
        return (Env<Integer>) env;
    }
}
